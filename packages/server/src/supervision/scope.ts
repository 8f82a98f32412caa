import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { Permission } from '../domain/permissions.ts';
import { subtreeUnitIds } from '../organisation/reference-data.ts';
import { AppError } from '../platform/errors.ts';

/**
 * Data scope of 督办: centre roles (whole-city readers) see every case; anyone else with the
 * permission sees the cases and notices of units in their own subtree. `null` = no restriction.
 */
export async function supervisionScope(
  ctx: Pick<Context, 'refs'>,
  actor: Actor | null | undefined,
  permission: Permission = 'supervision.read',
): Promise<{ actor: Actor; unitIds: number[] | null }> {
  const a = requirePermission(actor, permission);
  if (a.permissions.has('order.read_all')) return { actor: a, unitIds: null };
  if (!a.unitPath) throw new AppError('FORBIDDEN', { permission, reason: 'no_unit' });
  return { actor: a, unitIds: subtreeUnitIds((await ctx.refs.get()).units, a.unitPath) };
}

/** Keyset cursor over (instant, id). */
export const encodeCursor = (at: Date, id: number) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

export function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(d.getTime()) || !Number.isSafeInteger(n)) {
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.cursor' }, '字段 querystring.cursor 有误');
  }
  return { at: d, id: n };
}
