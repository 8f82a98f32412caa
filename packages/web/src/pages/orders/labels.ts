import type { Channel, OrderState, RequestType, Satisfaction, Urgency } from '../../api/types.ts';

/**
 * Labels for the filter menus. Orders carry their own `stateLabel` from the API; these records are
 * typed by the generated enums, so a state the server adds is a compile error until it is named.
 */
export const STATE_LABELS: Record<OrderState, string> = {
  pending_dispatch: '待派单',
  dispatched: '待签收',
  handling: '办理中',
  return_requested: '退单待审',
  unit_review: '待单位审核',
  centre_review: '待中心审核',
  visit_pending: '待回访',
  closed: '已办结',
  merged: '已合并',
  withdrawn: '已撤销',
};

/** Tag colours by kind: waiting on the centre (gold), at the unit (blue), in review (purple), done. */
export const STATE_COLORS: Record<OrderState, string> = {
  pending_dispatch: 'gold',
  dispatched: 'blue',
  handling: 'processing',
  return_requested: 'volcano',
  unit_review: 'purple',
  centre_review: 'purple',
  visit_pending: 'cyan',
  closed: 'success',
  merged: 'default',
  withdrawn: 'default',
};

export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

export const URGENCY_LABELS: Record<Urgency, string> = { general: '一般', urgent: '紧急', difficult: '疑难' };

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  website: '网站',
  wechat: '微信小程序',
  app: '移动应用',
  mayor_mailbox: '市长信箱',
  people_daily: '人民网领导留言板',
  provincial_platform: '省12345平台',
  other_city: '外市12345',
  sms: '短信',
  email: '电子邮件',
  walk_in: '现场来访',
  grid: '网格员上报',
  open311: 'Open311 接口',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};
