/**
 * 督办 supervision (DOMAIN.md §6) as pure rules: what causes a case, at which level it opens, how a
 * case moves between statuses and levels, and how its deadline and subject key are derived.
 * No I/O and no clock: times and the calendar are passed in.
 */
import type { WorkCalendar } from './calendar.ts';

/** Why a case exists. One rule (data, editable) per cause. */
export const SUPERVISION_CAUSES = [
  'overdue',
  'yellow',
  'redispatched',
  'same_matter',
  'unit_complaints',
  'dissatisfied_after_redo',
] as const;
export type SupervisionCause = (typeof SUPERVISION_CAUSES)[number];
export const SUPERVISION_CAUSE_LABELS: Record<SupervisionCause, string> = {
  overdue: '超期未办结',
  yellow: '临期黄牌',
  redispatched: '多次派单',
  same_matter: '同一事项多人反映',
  unit_complaints: '单位被集中投诉',
  dissatisfied_after_redo: '重办后仍不满意',
};

/** 日常督办 → 重点督办 → 专班调度 → 提级督办 (escalated to leadership). */
export const SUPERVISION_LEVELS = ['daily', 'key', 'task_force', 'escalated'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = {
  daily: '日常督办',
  key: '重点督办',
  task_force: '专班调度',
  escalated: '提级督办',
};

/**
 * Working days a unit has to answer a case at each level, counted like order limits (the day the case
 * opens or is escalated does not count). A higher level is chased harder.
 */
export const LEVEL_RESPONSE_DAYS: Record<SupervisionLevel, number> = {
  daily: 5,
  key: 3,
  task_force: 2,
  escalated: 1,
};

export const SUPERVISION_STATUSES = ['open', 'noticed', 'escalated', 'resolved', 'closed'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];
export const SUPERVISION_STATUS_LABELS: Record<SupervisionStatus, string> = {
  open: '待督办',
  noticed: '已通知',
  escalated: '已提级',
  resolved: '已办结',
  closed: '已关闭',
};
export const FINAL_CASE_STATUSES: ReadonlySet<SupervisionStatus> = new Set(['resolved', 'closed']);
export const isCaseOpen = (s: SupervisionStatus) => !FINAL_CASE_STATUSES.has(s);

export const CASE_ACTIONS = ['open', 'link', 'assign', 'notice', 'escalate', 'resolve', 'close'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  open: '立案',
  link: '关联工单',
  assign: '指定督办人',
  notice: '发送督办通知',
  escalate: '升级督办',
  resolve: '办结督办',
  close: '关闭督办',
};

const ACTIVE: readonly SupervisionStatus[] = ['open', 'noticed', 'escalated'];
/** Where each action may start and where it leads ('same' keeps the status). */
const CASE_TRANSITIONS: Record<
  Exclude<CaseAction, 'open'>,
  { from: readonly SupervisionStatus[]; to: SupervisionStatus | 'same' | 'noticed_unless_escalated' }
> = {
  link: { from: ACTIVE, to: 'same' },
  assign: { from: ACTIVE, to: 'same' },
  notice: { from: ACTIVE, to: 'noticed_unless_escalated' },
  escalate: { from: ACTIVE, to: 'escalated' },
  resolve: { from: ACTIVE, to: 'resolved' },
  close: { from: ACTIVE, to: 'closed' },
};

/** The status after `action`, or null when the case's status does not allow it. */
export function nextCaseStatus(
  status: SupervisionStatus,
  action: Exclude<CaseAction, 'open'>,
): SupervisionStatus | null {
  const t = CASE_TRANSITIONS[action];
  if (!t.from.includes(status)) return null;
  if (t.to === 'same') return status;
  if (t.to === 'noticed_unless_escalated') return status === 'escalated' ? 'escalated' : 'noticed';
  return t.to;
}

/** The next level up, or null at the top (提级督办). */
export function nextLevel(level: SupervisionLevel): SupervisionLevel | null {
  return SUPERVISION_LEVELS[SUPERVISION_LEVELS.indexOf(level) + 1] ?? null;
}

/** Whether `to` is strictly above `from` (escalation never goes down). */
export const isHigherLevel = (from: SupervisionLevel, to: SupervisionLevel) =>
  SUPERVISION_LEVELS.indexOf(to) > SUPERVISION_LEVELS.indexOf(from);

/**
 * A case's deadline at a level. On escalation the deadline is the earlier of the current one and the
 * new level's, so escalating never gives a unit more time.
 */
export function caseDeadline(
  level: SupervisionLevel,
  at: Date,
  calendar: WorkCalendar,
  current?: Date | null,
): Date {
  const due = calendar.addWorkingDays(at, LEVEL_RESPONSE_DAYS[level]);
  return current && current < due ? current : due;
}

// ---------------------------------------------------------------------------------------------
// Rule parameters

export interface RuleParams {
  overdue: { graceMinutes: number };
  yellow: Record<string, never>;
  redispatched: { minRedispatches: number };
  same_matter: { minPeople: number };
  unit_complaints: { minComplaints: number; period: ComplaintPeriod };
  dissatisfied_after_redo: Record<string, never>;
}
export const COMPLAINT_PERIODS = ['week', 'month'] as const;
export type ComplaintPeriod = (typeof COMPLAINT_PERIODS)[number];
export const COMPLAINT_PERIOD_LABELS: Record<ComplaintPeriod, string> = { week: '自然周', month: '自然月' };

/** Integer parameters with their bounds and Chinese names (the rule editor shows these). */
export const PARAM_SPECS: Record<
  SupervisionCause,
  Record<string, { label: string; min: number; max: number } | { label: string; oneOf: readonly string[] }>
> = {
  overdue: { graceMinutes: { label: '超期宽限（分钟）', min: 0, max: 10_080 } },
  yellow: {},
  redispatched: { minRedispatches: { label: '再次派单次数达到', min: 1, max: 20 } },
  same_matter: { minPeople: { label: '反映人数达到', min: 2, max: 1000 } },
  unit_complaints: {
    minComplaints: { label: '周期内投诉件数达到', min: 2, max: 10_000 },
    period: { label: '统计周期', oneOf: COMPLAINT_PERIODS },
  },
  dissatisfied_after_redo: {},
};

interface RuleOf<C extends SupervisionCause> {
  cause: C;
  name: string;
  enabled: boolean;
  level: SupervisionLevel;
  params: RuleParams[C];
}
/** A rule; without a type argument, the union over causes (narrowed by `rule.cause`). */
export type SupervisionRule<C extends SupervisionCause = SupervisionCause> = { [K in C]: RuleOf<K> }[C];

/** The seeds' triggers (DOMAIN.md §6) as the default rules; all editable. */
export const DEFAULT_SUPERVISION_RULES: { [C in SupervisionCause]: SupervisionRule<C> } = {
  overdue: { cause: 'overdue', name: '超期未办结', enabled: true, level: 'key', params: { graceMinutes: 0 } },
  yellow: { cause: 'yellow', name: '临期黄牌提醒', enabled: true, level: 'daily', params: {} },
  redispatched: {
    cause: 'redispatched',
    name: '多次派单（再次派单 2 次及以上）',
    enabled: true,
    level: 'key',
    params: { minRedispatches: 2 },
  },
  same_matter: {
    cause: 'same_matter',
    name: '同一事项 3 人及以上反映',
    enabled: true,
    level: 'key',
    params: { minPeople: 3 },
  },
  unit_complaints: {
    cause: 'unit_complaints',
    name: '同一单位周期内被投诉 3 件及以上',
    enabled: true,
    level: 'key',
    params: { minComplaints: 3, period: 'month' },
  },
  dissatisfied_after_redo: {
    cause: 'dissatisfied_after_redo',
    name: '重办后仍不满意',
    enabled: true,
    level: 'key',
    params: {},
  },
};

/**
 * Checks a rule's parameters: exactly the cause's keys, integers within bounds, known choices.
 * Returns the field (`params.<key>`) and a Chinese message of the first problem, or null.
 */
export function checkRuleParams(
  cause: SupervisionCause,
  params: Record<string, unknown>,
): { field: string; message: string } | null {
  const specs = PARAM_SPECS[cause];
  for (const key of Object.keys(params)) {
    if (!(key in specs)) return { field: `params.${key}`, message: `规则「${cause}」没有参数 ${key}` };
  }
  for (const [key, spec] of Object.entries(specs)) {
    const v = params[key];
    const field = `params.${key}`;
    if (v === undefined) return { field, message: `缺少参数「${spec.label}」` };
    if ('oneOf' in spec) {
      if (typeof v !== 'string' || !spec.oneOf.includes(v))
        return { field, message: `「${spec.label}」须为 ${spec.oneOf.join('、')} 之一` };
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) {
      return { field, message: `「${spec.label}」须为 ${spec.min}–${spec.max} 的整数` };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Subjects: a case opens exactly once per cause and subject.

/** Order-level causes are about one order, for as long as it lives. */
export const orderSubject = (orderId: number) => `order:${orderId}`;

/**
 * A complaint against a unit is a 投诉 order whose lead (主办) unit it is, counted by the instant it
 * was (last) dispatched there. The subject is the unit in one period, so the next period can open a
 * new case. Periods are natural weeks (Monday first) or months in the calendar's local time.
 */
export function complaintPeriod(
  period: ComplaintPeriod,
  at: Date,
  calendar: WorkCalendar,
): { key: string; start: Date } {
  const local = calendar.localDate(at); // YYYY-MM-DD
  const offsetMs = calendar.utcOffsetMinutes * 60_000;
  const [y, m, d] = local.split('-').map(Number) as [number, number, number];
  let startDay: Date;
  if (period === 'month') startDay = new Date(Date.UTC(y, m - 1, 1));
  else {
    const day = new Date(Date.UTC(y, m - 1, d));
    const weekday = (day.getUTCDay() + 6) % 7; // Monday 0
    startDay = new Date(day.getTime() - weekday * 86_400_000);
  }
  const startLocal = startDay.toISOString().slice(0, 10);
  return {
    key: period === 'month' ? startLocal.slice(0, 7) : `W${startLocal}`,
    start: new Date(startDay.getTime() - offsetMs),
  };
}

export const unitSubject = (unitId: number, periodKey: string) => `unit:${unitId}:${periodKey}`;
