/**
 * User accounts as the admin manages them (用户与角色): a keyset-paged list with search, role and
 * unit changes, deactivation, unlocking after a lockout and password resets. Every change is one
 * transaction with its audit entry; the password hash never leaves the database.
 */
import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { Context } from '../context.ts';
import { UNIT_ROLES } from '../domain/organisation.ts';
import { permissionsOf } from '../domain/permissions.ts';
import type { Role } from '../domain/reference.ts';
import type { Queryable } from '../platform/db.ts';
import { notFound, referenceNotFound, ruleViolation } from '../platform/errors.ts';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  unit_id: number | null;
  unit_name: string | null;
  phone: string | null;
  active: boolean;
  locked: boolean;
  locked_until: Date | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, un.name AS unit_name, u.phone,
  u.active, coalesce(u.locked_until > $1, false) AS locked, u.locked_until
  FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

const toView = (r: UserRow) => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles,
  unitId: r.unit_id,
  unitName: r.unit_name,
  active: r.active,
  locked: r.locked,
  lockedUntil: r.locked ? (r.locked_until?.toISOString() ?? null) : null,
});
export type UserView = ReturnType<typeof toView>;

export interface ListUsersOptions {
  actor: Actor | null | undefined;
  /** Matches the account, the name or the unit's name. */
  q?: string | undefined;
  /** Users of this unit and the units below it. */
  unitId?: number | undefined;
  limit: number;
  cursor?: number | undefined;
}

/** Users by id, `limit` at a time; `nextCursor` is the last id shown while more follow. */
export async function listUsers(ctx: Context, o: ListUsersOptions) {
  requirePermission(o.actor, 'users.manage');
  const params: unknown[] = [ctx.now()];
  const where: string[] = [];
  if (o.q) {
    params.push(`%${o.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    where.push(`(u.username ILIKE ${p} OR u.display_name ILIKE ${p} OR un.name ILIKE ${p})`);
  }
  if (o.unitId !== undefined) {
    const unit = (await ctx.refs.get()).units.get(o.unitId);
    if (!unit) throw referenceNotFound('unitId', o.unitId);
    params.push(unit.path);
    where.push(`left(un.path, length($${params.length})) = $${params.length}`);
  }
  if (o.cursor !== undefined) {
    params.push(o.cursor);
    where.push(`u.id > $${params.length}`);
  }
  params.push(o.limit + 1);
  const rows = await ctx.db.query<UserRow>(
    `${USER_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit);
  return {
    items: page.map(toView),
    nextCursor: rows.length > o.limit ? String(page.at(-1)?.id) : null,
  };
}

async function lockUser(ctx: Context, tx: Queryable, id: number) {
  const [row] = await tx.query<UserRow>(`${USER_SELECT} WHERE u.id = $2 FOR UPDATE OF u`, [ctx.now(), id]);
  if (!row) throw notFound('user', id);
  return row;
}

async function reload(ctx: Context, tx: Queryable, id: number) {
  const [row] = await tx.query<UserRow>(`${USER_SELECT} WHERE u.id = $2`, [ctx.now(), id]);
  return toView(row as UserRow);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export interface UpdateUserOptions {
  actor: Actor | null | undefined;
  id: number;
  displayName?: string | undefined;
  roles?: readonly Role[] | undefined;
  /** null takes the user out of any unit. */
  unitId?: number | null | undefined;
  active?: boolean | undefined;
  ip?: string | undefined;
}

export async function updateUser(ctx: Context, o: UpdateUserOptions) {
  const actor = requirePermission(o.actor, 'users.manage');
  const refs = await ctx.refs.get();
  const updated = await ctx.db.transaction(async (tx) => {
    const user = await lockUser(ctx, tx, o.id);
    const roles = o.roles ? [...new Set(o.roles)] : user.roles;
    const unitId = o.unitId === undefined ? user.unit_id : o.unitId;
    const active = o.active ?? user.active;
    if (o.unitId != null && o.unitId !== user.unit_id && !refs.units.get(o.unitId)?.active) {
      throw referenceNotFound('unitId', o.unitId);
    }
    if (unitId === null && roles.some((r) => UNIT_ROLES.includes(r))) {
      throw ruleViolation('unitId', '承办人员和单位审核员必须属于一个单位');
    }
    // An admin cannot lock themselves out: someone must always be able to manage users.
    if (user.id === actor.userId && (!active || !permissionsOf(roles).has('users.manage'))) {
      throw ruleViolation(active ? 'roles' : 'active', '不能停用自己的账号或取消自己的用户管理权限');
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (o.displayName !== undefined && o.displayName !== user.display_name)
      changes.displayName = { from: user.display_name, to: o.displayName };
    if (!sameSet(roles, user.roles)) changes.roles = { from: user.roles, to: roles };
    if (unitId !== user.unit_id) changes.unitId = { from: user.unit_id, to: unitId };
    if (active !== user.active) changes.active = { from: user.active, to: active };
    if (Object.keys(changes).length === 0) return toView(user);
    await tx.query(
      'UPDATE users SET display_name = $2, roles = $3, unit_id = $4, active = $5 WHERE id = $1',
      [user.id, o.displayName ?? user.display_name, roles, unitId, active],
    );
    // A deactivated account is signed out everywhere at once.
    if (!active) await tx.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
    await recordAudit(tx, {
      actor,
      action: 'user_updated',
      targetType: 'user',
      targetId: user.id,
      ip: o.ip,
      details: { changes },
    });
    return reload(ctx, tx, user.id);
  });
  // Roles, unit and activity are read with the session; this process forgets what it cached.
  ctx.sessions.forget();
  return updated;
}

/** Lifts a lockout after too many failed logins (登录失败锁定). */
export async function unlockUser(
  ctx: Context,
  o: { actor: Actor | null | undefined; id: number; ip?: string | undefined },
) {
  const actor = requirePermission(o.actor, 'users.manage');
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(ctx, tx, o.id);
    await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
    await recordAudit(tx, {
      actor,
      action: 'user_unlocked',
      targetType: 'user',
      targetId: user.id,
      ip: o.ip,
      details: { wasLocked: user.locked },
    });
    return reload(ctx, tx, user.id);
  });
}

/** Sets a new password chosen by the admin; the user's sessions end and any lockout is lifted. */
export async function resetPassword(
  ctx: Context,
  o: { actor: Actor | null | undefined; id: number; password: string; ip?: string | undefined },
) {
  const actor = requirePermission(o.actor, 'users.manage');
  const hash = await hashPassword(o.password);
  const user = await ctx.db.transaction(async (tx) => {
    const user = await lockUser(ctx, tx, o.id);
    if (!user.active) throw ruleViolation('password', '账号已停用，请先启用再重置密码');
    await tx.query(
      'UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1',
      [user.id, hash],
    );
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
    await recordAudit(tx, {
      actor,
      action: 'user_password_reset',
      targetType: 'user',
      targetId: user.id,
      ip: o.ip,
    });
    return reload(ctx, tx, user.id);
  });
  ctx.sessions.forget();
  return user;
}
