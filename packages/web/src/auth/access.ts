import type { Me, Permission, Role } from '../api/types.ts';

/**
 * Route access keys (CRAFT §12, ant-design-pro's access.ts): what each screen needs, from the
 * permission enum the server sends in GET /api/auth/me. The server checks again on every request.
 */
export type AccessKey =
  | 'orders'
  | 'intake'
  | 'dispatch'
  | 'handle'
  | 'review'
  | 'visit'
  | 'supervise'
  | 'knowledge'
  | 'analytics'
  | 'admin';

const any =
  (...wanted: Permission[]) =>
  (me: Me) =>
    wanted.some((p) => me.permissions.includes(p));

export const ACCESS: Record<AccessKey, (me: Me) => boolean> = {
  orders: any('order.read_all', 'order.read_unit'),
  intake: any('order.create'),
  dispatch: any('order.dispatch'),
  handle: any('order.handle'),
  review: any('order.review_unit', 'order.review_centre'),
  visit: any('order.visit'),
  supervise: any('supervision.read'),
  knowledge: any('knowledge.edit', 'knowledge.publish'),
  analytics: any('analytics.read'),
  admin: any('org.manage', 'users.manage', 'rules.manage', 'calendar.manage', 'api_keys.manage'),
};

export const can = (me: Me, key: AccessKey) => ACCESS[key](me);

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '市民',
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
