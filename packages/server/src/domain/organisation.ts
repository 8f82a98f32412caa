/**
 * Shape rules of the organisation tree (DOMAIN.md §3): 市 → 区/县 → 街道/乡镇 → 社区/村 → 网格, city
 * departments and utilities under the city (with their own sub-divisions), the hotline centre at the top.
 */
import type { Role, UnitKind } from './reference.ts';

/** Which kinds a unit of each kind may hang under; an empty list means it is a root. */
export const UNIT_PARENT_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  centre: [],
  city: [],
  district: ['city'],
  street: ['district'],
  community: ['street'],
  grid: ['community'],
  department: ['city', 'department'],
  utility: ['city', 'utility'],
};

export function unitParentProblem(kind: UnitKind, parentKind: UnitKind | null): string | null {
  const allowed = UNIT_PARENT_KINDS[kind];
  if (parentKind === null) return allowed.length === 0 ? null : '该类单位必须有上级单位';
  return allowed.includes(parentKind) ? null : '上级单位的类型不符合组织层级';
}

export const MAX_CATEGORY_DEPTH = 5;

/** Roles that work for a unit and therefore need one. */
export const UNIT_ROLES: readonly Role[] = ['handler', 'unit_reviewer'];
