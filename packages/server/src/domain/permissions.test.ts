import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS } from './order-lifecycle.ts';
import {
  ACTION_ACCESS,
  accessFor,
  inSubtree,
  maskPhone,
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
} from './permissions.ts';
import { ROLES } from './reference.ts';

describe('roles and permissions', () => {
  it('every role grants only known permissions, and no role holds both centre-wide and unit-scoped reading', () => {
    for (const role of ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
      const perms = permissionsOf([role]);
      expect(perms.has('order.read_all') && perms.has('order.read_unit')).toBe(false);
    }
  });

  it('every action needs a permission that some role holds', () => {
    const held = permissionsOf(ROLES);
    for (const a of ORDER_ACTIONS) expect(held.has(ACTION_ACCESS[a].permission)).toBe(true);
  });

  it.each([
    ['call_taker', 'order.create', true],
    ['call_taker', 'order.dispatch', false],
    ['dispatcher', 'order.dispatch', true],
    ['handler', 'order.handle', true],
    ['handler', 'order.dispatch', false],
    ['handler', 'citizen.unmask', false],
    ['unit_reviewer', 'order.review_unit', true],
    ['unit_reviewer', 'order.review_centre', false],
    ['centre_reviewer', 'order.review_centre', true],
    ['visitor', 'order.visit', true],
    ['visitor', 'citizen.unmask', true],
    ['admin', 'users.manage', true],
    ['admin', 'citizen.unmask', false],
    ['admin', 'order.dispatch', false],
    ['leader', 'order.set_deadline', true],
    ['citizen', 'order.read_all', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(permissionsOf([role]).has(permission)).toBe(expected);
  });

  it('unit work is unit-scoped; centre decisions are not', () => {
    for (const a of ['sign', 'return', 'delegate', 'request_extension', 'reply'] as const) {
      expect(ACTION_ACCESS[a]).toEqual({ permission: 'order.handle', unitScoped: true });
    }
    for (const a of ['dispatch', 'reassign', 'accept_return', 'merge', 'visit'] as const) {
      expect(ACTION_ACCESS[a].unitScoped).toBe(false);
    }
  });

  it('reviews at the centre need the centre permission, reviews in the unit the unit permission', () => {
    expect(accessFor('approve_review', 'unit_review')).toEqual({
      permission: 'order.review_unit',
      unitScoped: true,
    });
    expect(accessFor('approve_review', 'centre_review')).toEqual({
      permission: 'order.review_centre',
      unitScoped: false,
    });
    expect(accessFor('reject_review', 'centre_review').permission).toBe('order.review_centre');
  });
});

describe('subtree and masking', () => {
  it.each([
    ['/1/4/17/', '/1/4/', true],
    ['/1/4/', '/1/4/', true],
    ['/1/41/', '/1/4/', false],
    ['/1/', '/1/4/', false],
  ])('%s inside %s: %s', (unit, root, expected) => {
    expect(inSubtree(unit, root)).toBe(expected);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86*******5678'],
    ['010-12345678', '010*****5678'],
    ['1234567', '*******'],
    ['12345', '*****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
