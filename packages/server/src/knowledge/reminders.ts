/**
 * Reminders to owner units (到期提醒 / 复核提醒) and expiry of published entries past their date.
 * Every process may run the job: reminders are unique per (entry, kind, due date) and inserted with
 * ON CONFLICT DO NOTHING, so each is recorded exactly once across processes and restarts.
 */
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  addDays,
  DEFAULT_REMINDER_POLICY,
  dueReminders,
  localDay,
  type ReminderPolicy,
} from '../domain/knowledge.ts';
import { AppError } from '../platform/errors.ts';
import { startPeriodic } from '../platform/periodic.ts';
import { frequenciesChanged } from './search.ts';

export async function scanKnowledgeReminders(
  ctx: Pick<Context, 'db' | 'now'>,
  o: { policy?: ReminderPolicy; batchSize?: number } = {},
): Promise<{ reminders: number; expired: number }> {
  const policy = o.policy ?? DEFAULT_REMINDER_POLICY;
  const batch = o.batchSize ?? 500;
  const at = ctx.now();
  const day = localDay(at);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{
      id: number;
      title: string;
      owner_unit_id: number | null;
      expires_on: string | null;
      last_reviewed_on: string | null;
      review_from: string | null;
    }>(
      `SELECT e.id, e.title, e.owner_unit_id, e.expires_on,
         COALESCE(e.last_reviewed_on, (e.published_at AT TIME ZONE INTERVAL '+08:00')::date)::text AS review_from,
         e.last_reviewed_on
       FROM knowledge_entries e
       WHERE e.state = 'published' AND (
         (e.expires_on <= $2::date AND NOT EXISTS (SELECT 1 FROM knowledge_reminders r
            WHERE r.entry_id = e.id AND r.kind = 'expiry' AND r.due_on = e.expires_on))
         OR (e.expires_on < $1::date)
         OR (COALESCE(e.last_reviewed_on, (e.published_at AT TIME ZONE INTERVAL '+08:00')::date) <= $3::date
             AND NOT EXISTS (SELECT 1 FROM knowledge_reminders r WHERE r.entry_id = e.id AND r.kind = 'review'
               AND r.due_on = COALESCE(e.last_reviewed_on, (e.published_at AT TIME ZONE INTERVAL '+08:00')::date) + $4::int)))
       ORDER BY e.id LIMIT $5 FOR UPDATE SKIP LOCKED`,
      [
        day,
        addDays(day, policy.expiryNoticeDays),
        addDays(day, -policy.reviewAfterDays),
        policy.reviewAfterDays,
        batch,
      ],
    );
    let reminders = 0;
    let expired = 0;
    for (const r of rows) {
      for (const due of dueReminders(
        { title: r.title, expiresOn: r.expires_on, lastReviewedOn: r.review_from },
        day,
        policy,
      )) {
        const ins = await tx.query(
          `INSERT INTO knowledge_reminders (entry_id, kind, due_on, owner_unit_id, message, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (entry_id, kind, due_on) DO NOTHING RETURNING id`,
          [r.id, due.kind, due.dueOn, r.owner_unit_id, due.message, at],
        );
        reminders += ins.length;
      }
      if (r.expires_on && r.expires_on < day) {
        await tx.query(`UPDATE knowledge_entries SET state = 'expired', updated_at = $2 WHERE id = $1`, [
          r.id,
          at,
        ]);
        await tx.query(
          `INSERT INTO knowledge_events (entry_id, action, from_state, to_state, version, note, created_at)
           SELECT id, 'expire', 'published', 'expired', version, $2, $3 FROM knowledge_entries WHERE id = $1`,
          [r.id, `已于 ${r.expires_on} 到期，自动失效`, at],
        );
        expired++;
      }
    }
    if (expired) frequenciesChanged(ctx.db);
    return { reminders, expired };
  });
}

export function startKnowledgeReminders(
  ctx: Pick<Context, 'db' | 'now'>,
  o: { intervalMs?: number; policy?: ReminderPolicy; log: (msg: string, err?: unknown) => void },
) {
  return startPeriodic({
    name: '知识库提醒扫描',
    run: async (stopped) => {
      for (;;) {
        const r = await scanKnowledgeReminders(ctx, { policy: o.policy });
        if (stopped() || r.reminders + r.expired === 0) break;
      }
    },
    every: o.intervalMs ?? 3_600_000,
    log: o.log,
  });
}

export async function listReminders(
  ctx: Context,
  o: { actor: Actor | null; ownerUnitId?: number | undefined; limit: number; cursor?: string | undefined },
) {
  const actor = requirePermission(o.actor, 'knowledge.read');
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Unit staff see their own unit's reminders; centre staff see all (or one unit's).
  const unit = actor.unitId ?? o.ownerUnitId;
  if (unit !== undefined && unit !== null) where.push(`r.owner_unit_id = ${p(unit)}`);
  if (o.cursor) {
    const id = Number(Buffer.from(o.cursor, 'base64url').toString());
    if (!Number.isInteger(id))
      throw new AppError(
        'VALIDATION_FAILED',
        { field: 'querystring.cursor' },
        '字段 querystring.cursor 有误',
      );
    where.push(`r.id < ${p(id)}`);
  }
  const rows = await ctx.db.query<{
    id: number;
    entry_id: number;
    title: string;
    kind: 'expiry' | 'review' | 'expired';
    due_on: string;
    owner_unit_id: number | null;
    message: string;
    created_at: Date;
  }>(
    `SELECT r.id, r.entry_id, e.title, r.kind, r.due_on, r.owner_unit_id, r.message, r.created_at
     FROM knowledge_reminders r JOIN knowledge_entries e ON e.id = r.entry_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ${o.limit + 1}`,
    params,
  );
  const items = rows.slice(0, o.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      entryId: r.entry_id,
      entryTitle: r.title,
      kind: r.kind,
      dueOn: r.due_on,
      ownerUnitId: r.owner_unit_id,
      message: r.message,
      at: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > o.limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
  };
}
