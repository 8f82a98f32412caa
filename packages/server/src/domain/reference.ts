/**
 * Reference vocabulary of the hotline (DOMAIN.md §1–2, §13). Values are the codes stored in the
 * database and sent over the API; labels are what people read.
 */

/** 诉求类型 request type. */
export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

/** 紧急程度 urgency: 一般 general, 紧急 urgent, 疑难 difficult. */
export const URGENCIES = ['general', 'urgent', 'difficult'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { general: '一般', urgent: '紧急', difficult: '疑难' };

/** 受理渠道 intake channel (DOMAIN.md §2: one number, many channels). */
export const CHANNELS = [
  'phone',
  'website',
  'wechat',
  'app',
  'mayor_mailbox',
  'people_daily',
  'provincial_platform',
  'other_city',
  'sms',
  'email',
  'walk_in',
  'grid',
  'open311',
] as const;
export type Channel = (typeof CHANNELS)[number];
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

/** 单位层级 unit kind: the five-level territorial tree plus departments and utilities. */
export const UNIT_KINDS = [
  'centre',
  'city',
  'district',
  'street',
  'community',
  'grid',
  'department',
  'utility',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  centre: '热线中心',
  city: '市',
  district: '区/县',
  street: '街道/乡镇',
  community: '社区/村',
  grid: '网格',
  department: '市直部门',
  utility: '公共服务企业',
};

/** 角色 role. */
export const ROLES = [
  'citizen',
  'call_taker',
  'dispatcher',
  'handler',
  'unit_reviewer',
  'centre_reviewer',
  'visitor',
  'supervisor',
  'leader',
  'knowledge_editor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  citizen: '市民/企业',
  call_taker: '话务员',
  dispatcher: '派单员',
  handler: '承办人员',
  unit_reviewer: '单位审核员',
  centre_reviewer: '中心审核员',
  visitor: '回访员',
  supervisor: '督办员',
  leader: '领导',
  knowledge_editor: '知识库管理员',
  admin: '系统管理员',
};

/** 满意度 satisfaction recorded at the return visit. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};
