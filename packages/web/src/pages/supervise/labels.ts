import type { CaseStatus, Cause, Level } from './supervise-api.ts';

export const LEVELS: readonly Level[] = ['daily', 'key', 'task_force', 'escalated'];
export const LEVEL_LABELS: Record<Level, string> = {
  daily: '日常督办',
  key: '重点督办',
  task_force: '专班调度',
  escalated: '提级督办',
};
/** Colour rises with the level: blue, gold, volcano, red (solid). */
export const LEVEL_COLORS: Record<Level, string> = {
  daily: 'blue',
  key: 'gold',
  task_force: 'volcano',
  escalated: 'red',
};

export const STATUSES: readonly CaseStatus[] = ['open', 'noticed', 'escalated', 'resolved', 'closed'];
export const STATUS_LABELS: Record<CaseStatus, string> = {
  open: '待督办',
  noticed: '已通知',
  escalated: '已提级',
  resolved: '已办结',
  closed: '已关闭',
};
export const STATUS_COLORS: Record<CaseStatus, string> = {
  open: 'processing',
  noticed: 'cyan',
  escalated: 'magenta',
  resolved: 'success',
  closed: 'default',
};

export const CAUSE_LABELS: Record<Cause, string> = {
  overdue: '超期未办结',
  yellow: '临期黄牌',
  redispatched: '多次派单',
  same_matter: '同一事项多人反映',
  unit_complaints: '单位被集中投诉',
  dissatisfied_after_redo: '重办后仍不满意',
};
export const REPEAT_CAUSES: readonly Cause[] = ['redispatched', 'dissatisfied_after_redo', 'same_matter'];
