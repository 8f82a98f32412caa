import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { subtreeUnitIds } from '../organisation/reference-data.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { NOTICE_SELECT, type NoticeRow, toNoticeView } from './queries.ts';
import { decodeCursor, encodeCursor } from './scope.ts';

/**
 * Whose notices an actor reads: a unit's handlers and reviewers read those sent to their unit and
 * its subtree; supervisors and other whole-city readers read all. `null` = all.
 */
async function noticeScope(ctx: Context, actor: Actor | null | undefined) {
  const a = requireActor(actor);
  if (a.permissions.has('order.read_all') && a.permissions.has('supervision.read'))
    return { actor: a, unitIds: null };
  if (!a.permissions.has('order.read_unit') || !a.unitPath)
    throw new AppError('FORBIDDEN', { permission: 'order.read_unit' });
  return { actor: a, unitIds: subtreeUnitIds((await ctx.refs.get()).units, a.unitPath) };
}

/** 我单位的督办通知, newest first, keyset-paged on (unit_id, created_at, id). */
export async function listUnitNotices(
  ctx: Context,
  o: { actor: Actor | null; unread?: boolean | undefined; limit: number; cursor?: string | undefined },
) {
  const { unitIds } = await noticeScope(ctx, o.actor);
  const params: unknown[] = [];
  const where: string[] = [];
  if (unitIds) {
    params.push(unitIds);
    where.push(`n.unit_id = ANY($${params.length})`);
  }
  if (o.unread) where.push('n.read_at IS NULL');
  if (o.cursor) {
    const k = decodeCursor(o.cursor);
    params.push(k.at, k.id);
    where.push(`(n.created_at, n.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(o.limit + 1);
  const rows = await ctx.db.query<Parameters<typeof toNoticeView>[0]>(
    `${NOTICE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toNoticeView),
    nextCursor: rows.length > o.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/** A handler marks a notice read (the first reader and instant are kept). */
export async function markNoticeRead(
  ctx: Context,
  o: { actor: Actor | null; noticeId: number; ip?: string },
) {
  const { actor, unitIds } = await noticeScope(ctx, o.actor);
  return ctx.db.transaction(async (tx) => {
    const [n] = await tx.query<NoticeRow>('SELECT * FROM supervision_notices WHERE id = $1 FOR UPDATE', [
      o.noticeId,
    ]);
    if (!n || (unitIds && !unitIds.includes(n.unit_id))) throw notFound('supervision_notice', o.noticeId);
    if (!n.read_at) {
      await tx.query('UPDATE supervision_notices SET read_at = $2, read_by = $3 WHERE id = $1', [
        n.id,
        ctx.now(),
        actor.userId,
      ]);
      await recordAudit(tx, {
        actor,
        action: 'supervision.notice_read',
        targetType: 'supervision_notice',
        targetId: n.id,
        ip: o.ip,
      });
    }
    const [row] = await tx.query<Parameters<typeof toNoticeView>[0]>(`${NOTICE_SELECT} WHERE n.id = $1`, [
      n.id,
    ]);
    if (!row) throw notFound('supervision_notice', o.noticeId);
    return toNoticeView(row);
  });
}
