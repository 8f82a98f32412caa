/**
 * Who may do what (DOMAIN.md §1, §12: least privilege). A user's roles grant permissions; unit staff
 * additionally act only inside their own unit's subtree (data scope), checked by the services.
 */
import type { OrderAction, OrderState } from './order-lifecycle.ts';
import type { Role } from './reference.ts';

export const PERMISSIONS = [
  'order.create',
  'order.read_all',
  'order.read_unit',
  'order.direct_answer',
  'order.dispatch',
  'order.rule_return',
  'order.merge',
  'order.handle',
  'order.decide_extension',
  'order.set_deadline',
  'order.review_unit',
  'order.review_centre',
  'order.visit',
  'order.withdraw',
  'citizen.unmask',
  'org.read',
  'org.manage',
  'users.manage',
  'rules.manage',
  'calendar.manage',
  'api_keys.manage',
  'audit.read',
  /** 知识库: read and search (every staff desk), write drafts, review and publish. */
  'knowledge.read',
  'knowledge.edit',
  'knowledge.publish',
  /** 督办: see supervision cases, act on them (open, escalate, close). */
  'supervision.read',
  'supervision.manage',
  /** 领导驾驶舱、考核与报告. */
  'analytics.read',
  /** 派单目录 and auto-dispatch settings; 答复审核规则. */
  'dispatch_catalogue.manage',
  'review_rules.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  citizen: [],
  call_taker: [
    'order.create',
    'order.read_all',
    'order.direct_answer',
    'order.withdraw',
    'citizen.unmask',
    'org.read',
    'knowledge.read',
  ],
  dispatcher: [
    'order.create',
    'order.read_all',
    'order.direct_answer',
    'order.dispatch',
    'order.rule_return',
    'order.merge',
    'order.decide_extension',
    'order.set_deadline',
    'order.withdraw',
    'citizen.unmask',
    'org.read',
    'knowledge.read',
  ],
  handler: ['order.read_unit', 'order.handle', 'org.read', 'knowledge.read'],
  unit_reviewer: ['order.read_unit', 'order.handle', 'order.review_unit', 'org.read', 'knowledge.read'],
  centre_reviewer: [
    'order.read_all',
    'order.review_centre',
    'org.read',
    'knowledge.read',
    'review_rules.manage',
  ],
  visitor: ['order.read_all', 'order.visit', 'citizen.unmask', 'org.read', 'knowledge.read'],
  supervisor: [
    'order.read_all',
    'order.decide_extension',
    'org.read',
    'supervision.read',
    'supervision.manage',
    'analytics.read',
  ],
  leader: [
    'order.read_all',
    'order.set_deadline',
    'order.decide_extension',
    'org.read',
    'supervision.read',
    'analytics.read',
  ],
  knowledge_editor: ['org.read', 'knowledge.read', 'knowledge.edit', 'knowledge.publish'],
  admin: [
    'order.read_all',
    'org.read',
    'org.manage',
    'users.manage',
    'rules.manage',
    'calendar.manage',
    'api_keys.manage',
    'audit.read',
    'knowledge.read',
    'supervision.read',
    'analytics.read',
    'dispatch_catalogue.manage',
    'review_rules.manage',
  ],
};

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

/**
 * The permission each order action needs, and whether the actor must belong to the order's handling
 * unit (or one of its ancestors) — the unit scope.
 */
export const ACTION_ACCESS: Record<OrderAction, { permission: Permission; unitScoped: boolean }> = {
  direct_answer: { permission: 'order.direct_answer', unitScoped: false },
  dispatch: { permission: 'order.dispatch', unitScoped: false },
  sign: { permission: 'order.handle', unitScoped: true },
  return: { permission: 'order.handle', unitScoped: true },
  accept_return: { permission: 'order.rule_return', unitScoped: false },
  reject_return: { permission: 'order.rule_return', unitScoped: false },
  reassign: { permission: 'order.dispatch', unitScoped: false },
  delegate: { permission: 'order.handle', unitScoped: true },
  request_extension: { permission: 'order.handle', unitScoped: true },
  approve_extension: { permission: 'order.decide_extension', unitScoped: false },
  refuse_extension: { permission: 'order.decide_extension', unitScoped: false },
  set_deadline: { permission: 'order.set_deadline', unitScoped: false },
  reply: { permission: 'order.handle', unitScoped: true },
  approve_review: { permission: 'order.review_unit', unitScoped: true },
  reject_review: { permission: 'order.review_unit', unitScoped: true },
  visit: { permission: 'order.visit', unitScoped: false },
  close: { permission: 'order.visit', unitScoped: false },
  merge: { permission: 'order.merge', unitScoped: false },
  withdraw: { permission: 'order.withdraw', unitScoped: false },
};

/** The access an action needs in a given state: centre review is the same action as unit review, but centre staff take it. */
export function accessFor(
  action: OrderAction,
  state: OrderState,
): { permission: Permission; unitScoped: boolean } {
  if ((action === 'approve_review' || action === 'reject_review') && state === 'centre_review') {
    return { permission: 'order.review_centre', unitScoped: false };
  }
  return ACTION_ACCESS[action];
}

/** Every permission that lets someone take `action` in some state (review steps differ by level). */
export function permissionsFor(action: OrderAction): readonly Permission[] {
  const base = ACTION_ACCESS[action].permission;
  return action === 'approve_review' || action === 'reject_review' ? [base, 'order.review_centre'] : [base];
}

/** Materialised unit paths ('/1/4/17/'): is `unitPath` inside the subtree rooted at `rootPath`? */
export const inSubtree = (unitPath: string, rootPath: string) => unitPath.startsWith(rootPath);

/** 手机号脱敏: 13812345678 → 138****5678; other numbers keep their first 3 and last 4 characters. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
