/**
 * The analytics roll-up (`analytics_daily`): counters per China-Standard-Time day and dimension,
 * folded from the order timeline exactly once per event.
 *
 * A statement trigger queues every committed `order_events` row in `analytics_pending`. `foldPending`
 * takes a batch from the queue and, in the same transaction, deletes it and adds its counters (one
 * INSERT … ON CONFLICT DO UPDATE statement): a crash rolls both back, a commit does both, so no event
 * is lost or counted twice. A transaction-scoped advisory try-lock lets one process fold at a time;
 * the others skip and return. Event ids are never used as a watermark, because a transaction with a
 * smaller id may commit after one with a larger id.
 *
 * What each event adds (docs/measures.md): the unit is the order's lead unit at the event (from the
 * latest 派单/改派 in its timeline), the day is the event's day, except that a signature counts on
 * the day of the dispatch it answers and a closing also adds to the day of its handling deadline.
 * Category, region, type and channel are the order's.
 */
import type { Db, Queryable } from '../platform/db.ts';
import { startPeriodic } from '../platform/periodic.ts';

const LOCK_KEY = 72712346;
export const COUNTER_COLUMNS = [
  'received',
  'direct_answered',
  'dispatched',
  'signed',
  'signed_in_time',
  'returned',
  'closed',
  'closed_on_time',
  'closed_redone',
  'visited',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'resolved',
  'due_closed',
  'due_closed_late',
] as const;

const cst = (ts: string) => `(${ts} AT TIME ZONE INTERVAL '+08:00')::date`;
const flag = (cond: string) => `(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;

/** Counters of one event; `ev` holds the event joined with its order and its lead unit. */
const EVENT_FACTS = `
  SELECT CASE WHEN ev.action = 'sign' THEN ${cst('ev.dispatch_at')} ELSE ${cst('ev.created_at')} END AS day,
    ev.lead_unit_id AS unit_id, ev.category_id, ev.region_unit_id, ev.request_type, ev.channel,
    ${flag("ev.action = 'create'")} AS received,
    ${flag("ev.action = 'direct_answer'")} AS direct_answered,
    ${flag("ev.action IN ('dispatch', 'reassign') OR (ev.action = 'visit' AND ev.to_state = 'dispatched')")} AS dispatched,
    ${flag("ev.action = 'sign' AND ev.dispatch_action <> 'delegate'")} AS signed,
    ${flag("ev.action = 'sign' AND ev.dispatch_action <> 'delegate' AND NOT coalesce((ev.payload->>'late')::boolean, false)")} AS signed_in_time,
    ${flag("ev.action = 'return'")} AS returned,
    ${flag('ev.closing')} AS closed,
    ${flag('ev.closing AND ev.on_time')} AS closed_on_time,
    ${flag('ev.closing AND ev.redo_count > 0')} AS closed_redone,
    ${flag("ev.action = 'visit'")} AS visited,
    ${flag("ev.action = 'visit' AND ev.payload->>'satisfaction' = 'satisfied'")} AS satisfied,
    ${flag("ev.action = 'visit' AND ev.payload->>'satisfaction' = 'basically_satisfied'")} AS basically_satisfied,
    ${flag("ev.action = 'visit' AND ev.payload->>'satisfaction' = 'dissatisfied'")} AS dissatisfied,
    ${flag("ev.action = 'visit' AND (ev.payload->>'resolved')::boolean")} AS resolved,
    0 AS due_closed, 0 AS due_closed_late
  FROM ev
  UNION ALL
  SELECT ${cst('ev.handle_due_at')}, ev.lead_unit_id, ev.category_id, ev.region_unit_id, ev.request_type,
    ev.channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, ${flag('NOT ev.on_time')}
  FROM ev WHERE ev.closing AND ev.handle_due_at IS NOT NULL`;

const EVENTS_OF_BATCH = `
  SELECT e.action, e.to_state, e.payload, e.created_at,
    o.category_id, o.region_unit_id, o.request_type, o.channel, o.redo_count, o.handle_due_at,
    (e.to_state = 'closed' AND e.action IN ('visit', 'close')) AS closing,
    (o.handle_due_at IS NULL OR (o.replied_at IS NOT NULL AND o.replied_at <= o.handle_due_at)) AS on_time,
    lu.lead_unit_id, dd.action AS dispatch_action, dd.created_at AS dispatch_at
  FROM order_events e
  JOIN orders o ON o.id = e.order_id
  LEFT JOIN LATERAL (
    SELECT (d.payload->>'leadUnitId')::int AS lead_unit_id FROM order_events d
    WHERE d.order_id = e.order_id AND d.seq <= e.seq AND d.action IN ('dispatch', 'reassign', 'accept_return')
    ORDER BY d.seq DESC LIMIT 1
  ) lu ON true
  LEFT JOIN LATERAL (
    SELECT d.action, d.created_at FROM order_events d
    WHERE e.action = 'sign' AND d.order_id = e.order_id AND d.seq < e.seq
      AND (d.action IN ('dispatch', 'reassign', 'delegate') OR (d.action = 'visit' AND d.to_state = 'dispatched'))
    ORDER BY d.seq DESC LIMIT 1
  ) dd ON true
  WHERE e.id = ANY (ARRAY(SELECT event_id FROM batch))`;

const sums = COUNTER_COLUMNS.map((c) => `sum(f.${c})`).join(', ');
const updates = COUNTER_COLUMNS.map((c) => `${c} = analytics_daily.${c} + EXCLUDED.${c}`).join(', ');
const nonZero = COUNTER_COLUMNS.map((c) => `f.${c}`).join(' + ');

/** One statement: take up to $1 queued events, add their counters, delete them from the queue. */
const FOLD_SQL = `
WITH batch AS (
  DELETE FROM analytics_pending WHERE event_id IN (
    SELECT event_id FROM analytics_pending ORDER BY event_id LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING event_id
),
ev AS (${EVENTS_OF_BATCH}),
f AS (${EVENT_FACTS}),
counted AS (
  INSERT INTO analytics_daily (dim, day, key, ${COUNTER_COLUMNS.join(', ')})
  SELECT d.dim, f.day, d.key, ${sums}
  FROM f CROSS JOIN LATERAL (VALUES
    ('all', ''), ('unit', f.unit_id::text), ('category', f.category_id::text),
    ('region', f.region_unit_id::text), ('type', f.request_type), ('channel', f.channel)
  ) AS d(dim, key)
  WHERE d.key IS NOT NULL AND f.day IS NOT NULL AND ${nonZero} > 0
  GROUP BY d.dim, f.day, d.key
  ORDER BY d.dim, f.day, d.key
  ON CONFLICT (dim, day, key) DO UPDATE SET ${updates}
  RETURNING 1
)
SELECT (SELECT count(*) FROM batch)::int AS events, (SELECT count(*) FROM counted)::int AS rows`;

export interface FoldResult {
  /** Events folded; 0 also when another process holds the lock. */
  events: number;
  /** Roll-up rows written. */
  rows: number;
  /** False when another process was folding. */
  locked: boolean;
}

/** Folds one batch of queued events into the roll-up, unless another process is folding. */
export async function foldPending(db: Db, batchSize = 5000): Promise<FoldResult> {
  const [queued] = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM analytics_pending) AS any');
  if (!queued?.any) return { events: 0, rows: 0, locked: true };
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [LOCK_KEY]);
    if (!lock?.ok) return { events: 0, rows: 0, locked: false };
    await noJit(db, tx);
    return { ...(await foldBatch(tx, batchSize)), locked: true };
  });
}

/**
 * PostgreSQL's JIT compiles these short statements for seconds when it over-estimates their cost (the
 * lateral look-ups into a large timeline): turn it off for the transaction.
 */
export async function noJit(db: Db, tx: Queryable) {
  if (db.kind === 'postgres') await tx.query('SET LOCAL jit = off');
}

async function foldBatch(tx: Queryable, batchSize: number) {
  const [r] = await tx.query<{ events: number; rows: number }>(FOLD_SQL, [batchSize]);
  return { events: r?.events ?? 0, rows: r?.rows ?? 0 };
}

/** Folds until the queue is empty (or another process holds the lock); returns events folded. */
export async function foldAll(db: Db, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await foldPending(db, batchSize);
    total += r.events;
    if (!r.locked || r.events < batchSize) return total;
  }
}

/**
 * Rebuilds the roll-up from the whole timeline (after changing what is counted): empties it, queues
 * every event again and folds, in one transaction, waiting for a folder in another process to finish.
 */
export async function rebuildRollup(db: Db, batchSize = 50_000): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await noJit(db, tx);
    await tx.query('DELETE FROM analytics_daily');
    await tx.query('DELETE FROM analytics_pending');
    await tx.query('INSERT INTO analytics_pending (event_id) SELECT id FROM order_events');
    let total = 0;
    for (;;) {
      const r = await foldBatch(tx, batchSize);
      total += r.events;
      if (r.events < batchSize) return total;
    }
  });
}

/** Background folding in every process; returns a stop function that waits for a running fold. */
export function startRollup(
  db: Db,
  o: { intervalMs?: number; log: (msg: string, err: unknown) => void },
): () => Promise<void> {
  return startPeriodic({ name: '统计汇总', run: () => foldAll(db), every: o.intervalMs ?? 5000, log: o.log });
}
