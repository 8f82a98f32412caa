import type { LimitUnit, LimitValue } from './admin-api.ts';

export const LIMIT_UNIT_LABELS: Record<LimitUnit, string> = {
  minutes: '分钟',
  hours: '小时（自然）',
  working_hours: '工作小时',
  working_days: '工作日',
  same_day: '当日办结',
};
export const LIMIT_UNITS = Object.keys(LIMIT_UNIT_LABELS) as LimitUnit[];

/** '5 个工作日', '15 分钟', '当日办结'. */
export function describeLimit(l: LimitValue): string {
  switch (l.unit) {
    case 'same_day':
      return '当日办结';
    case 'working_days':
      return `${l.amount} 个工作日`;
    case 'working_hours':
      return `${l.amount} 个工作小时`;
    case 'hours':
      return `${l.amount} 小时`;
    case 'minutes':
      return `${l.amount} 分钟`;
  }
}

export const STAGES = [
  { key: 'dispatchLimit', due: 'dispatchDueAt', label: '派单' },
  { key: 'signLimit', due: 'signDueAt', label: '签收' },
  { key: 'returnLimit', due: 'returnDueAt', label: '退单' },
  { key: 'handleLimit', due: 'handleDueAt', label: '办结' },
] as const;
