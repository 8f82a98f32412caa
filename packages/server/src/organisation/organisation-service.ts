import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { Context } from '../context.ts';
import { MAX_CATEGORY_DEPTH, UNIT_ROLES, unitParentProblem } from '../domain/organisation.ts';
import type { Role, UnitKind } from '../domain/reference.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, referenceNotFound, ruleViolation } from '../platform/errors.ts';

/**
 * Units and categories carry a materialised path ('/1/4/17/'), written in the same transaction as
 * the row, so subtree questions are prefix matches.
 */
async function insertWithPath(
  tx: Queryable,
  table: 'units' | 'categories',
  columns: Record<string, unknown>,
) {
  const keys = Object.keys(columns);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    keys.map((k) => columns[k]),
  );
  if (!row) throw new AppError('ALREADY_EXISTS', { field: 'code' }, `编码 ${String(columns.code)} 已被使用`);
  // The parent's path and depth are read here, inside the transaction, not from the cache: a unit
  // moved a moment ago (or by another process) hands its current path to the new child.
  const [placed] = await tx.query<{ path: string }>(
    `UPDATE ${table} c SET
       path = coalesce((SELECT p.path FROM ${table} p WHERE p.id = c.parent_id), '/') || c.id || '/',
       depth = coalesce((SELECT p.depth FROM ${table} p WHERE p.id = c.parent_id), 0) + 1
     WHERE c.id = $1 RETURNING c.path`,
    [row.id],
  );
  return { id: row.id, path: placed?.path ?? '' };
}

export interface CreateUnitOptions {
  actor: Actor | null | undefined;
  parentId?: number | undefined;
  kind: UnitKind;
  name: string;
  code?: string | undefined;
}

export async function createUnit(ctx: Context, o: CreateUnitOptions) {
  const actor = requirePermission(o.actor, 'org.manage');
  const refs = await ctx.refs.get();
  const parent = o.parentId === undefined ? undefined : refs.units.get(o.parentId);
  if (o.parentId !== undefined && !parent) throw referenceNotFound('parentId', o.parentId);
  const problem = unitParentProblem(o.kind, parent?.kind ?? null);
  if (problem) throw ruleViolation(parent ? 'parentId' : 'kind', problem);
  const created = await ctx.db.transaction(async (tx) => {
    const unit = await insertWithPath(tx, 'units', {
      parent_id: parent?.id ?? null,
      kind: o.kind,
      name: o.name,
      code: o.code ?? null,
      depth: (parent?.depth ?? 0) + 1,
    });
    await recordAudit(tx, { actor, action: 'unit_created', targetType: 'unit', targetId: unit.id });
    return unit;
  });
  ctx.refs.invalidate();
  return created;
}

export interface CreateCategoryOptions {
  actor: Actor | null | undefined;
  parentId?: number | undefined;
  name: string;
  code?: string | undefined;
}

export async function createCategory(ctx: Context, o: CreateCategoryOptions) {
  const actor = requirePermission(o.actor, 'org.manage');
  const refs = await ctx.refs.get();
  const parent = o.parentId === undefined ? undefined : refs.categories.get(o.parentId);
  if (o.parentId !== undefined && !parent) throw referenceNotFound('parentId', o.parentId);
  const depth = (parent?.depth ?? 0) + 1;
  if (depth > MAX_CATEGORY_DEPTH) throw ruleViolation('parentId', `事项分类最多 ${MAX_CATEGORY_DEPTH} 级`);
  const created = await ctx.db.transaction(async (tx) => {
    const c = await insertWithPath(tx, 'categories', {
      parent_id: parent?.id ?? null,
      name: o.name,
      code: o.code ?? null,
      depth,
    });
    await recordAudit(tx, { actor, action: 'category_created', targetType: 'category', targetId: c.id });
    return c;
  });
  ctx.refs.invalidate();
  return created;
}

export interface CreateUserOptions {
  actor: Actor | null | undefined;
  username: string;
  displayName: string;
  password: string;
  roles: readonly Role[];
  unitId?: number | undefined;
  phone?: string | undefined;
}

export async function createUser(ctx: Context, o: CreateUserOptions) {
  const actor = requirePermission(o.actor, 'users.manage');
  const refs = await ctx.refs.get();
  if (o.unitId !== undefined && !refs.units.has(o.unitId)) throw referenceNotFound('unitId', o.unitId);
  if (o.unitId === undefined && o.roles.some((r) => UNIT_ROLES.includes(r))) {
    throw ruleViolation('unitId', '承办人员和单位审核员必须属于一个单位');
  }
  const passwordHash = await hashPassword(o.password);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO users (username, display_name, password_hash, roles, unit_id, phone)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [o.username, o.displayName, passwordHash, o.roles, o.unitId ?? null, o.phone ?? null],
    );
    if (!row) throw new AppError('ALREADY_EXISTS', { field: 'username' }, `用户名 ${o.username} 已存在`);
    await recordAudit(tx, { actor, action: 'user_created', targetType: 'user', targetId: row.id });
    return { id: row.id };
  });
}
