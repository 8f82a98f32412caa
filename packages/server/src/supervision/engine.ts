import type { Context } from '../context.ts';
import type { WorkCalendar } from '../domain/calendar.ts';
import {
  COMPLAINT_PERIOD_LABELS,
  caseDeadline,
  complaintPeriod,
  type SupervisionCause,
  type SupervisionRule,
} from '../domain/supervision.ts';
import type { Queryable } from '../platform/db.ts';
import { startPeriodic } from '../platform/periodic.ts';
import { loadSupervisionRules, toSupervisionRule } from './rules-store.ts';

/** How far back the engine reads return visits (重办后仍不满意). A scanner down longer misses older ones. */
export const RECENT_VISIT_DAYS = 7;

/**
 * One candidate query per scanned cause. Each returns (subject_key, summary, order_id, unit_id,
 * linked_ids) for subjects that have no case yet, looking only at open orders or recent events
 * through the partial indexes of migration 0004. `$1` is now, `$2` the batch size.
 * 同一事项 (same_matter) is opened by the duplicate finder through `openSupervisionCase`.
 */
type Candidates = (
  rule: SupervisionRule,
  now: Date,
  calendar: WorkCalendar,
) => { sql: string; params: unknown[] };

const NO_CASE = (cause: SupervisionCause, subject: string) =>
  `NOT EXISTS (SELECT 1 FROM supervision_cases c WHERE c.cause = '${cause}' AND c.subject_key = ${subject})`;
const ORDER_LABEL = `'工单 ' || o.number || '「' || left(o.title, 30) || '」'`;
const HANDLING = `o.state IN ('dispatched', 'handling', 'return_requested')`;
const UNHAPPY = (e: string) =>
  `${e}.action = 'visit' AND (${e}.payload->>'satisfaction' = 'dissatisfied' OR ${e}.payload->>'resolved' = 'false')`;

const CANDIDATES: Partial<Record<SupervisionCause, Candidates>> = {
  overdue: (rule, now) => ({
    sql: `SELECT 'order:' || o.id AS subject_key,
        CASE WHEN o.urgency = 'urgent' THEN '【紧急】' ELSE '' END || ${ORDER_LABEL} || '超过办理时限仍未办结' AS summary,
        o.id AS order_id, o.handling_unit_id AS unit_id, ARRAY[o.id] AS linked_ids
      FROM orders o
      WHERE ${HANDLING} AND o.handle_due_at <= $3 AND ${NO_CASE('overdue', `'order:' || o.id`)}
      ORDER BY o.handle_due_at, o.id LIMIT $2`,
    params: [new Date(now.getTime() - (rule.cause === 'overdue' ? rule.params.graceMinutes : 0) * 60_000)],
  }),
  yellow: () => ({
    sql: `SELECT 'order:' || o.id AS subject_key, ${ORDER_LABEL} || '临近办理时限（黄牌）' AS summary,
        o.id AS order_id, o.handling_unit_id AS unit_id, ARRAY[o.id] AS linked_ids
      FROM orders o
      WHERE ${HANDLING} AND o.yellow_at <= $1 AND o.handle_due_at > $1 AND ${NO_CASE('yellow', `'order:' || o.id`)}
      ORDER BY o.yellow_at, o.id LIMIT $2`,
    params: [],
  }),
  redispatched: (rule) => ({
    // dispatch_count counts the first dispatch too: "dispatched again n times" is n + 1 dispatches.
    sql: `SELECT 'order:' || o.id AS subject_key, ${ORDER_LABEL} || '已派单 ' || o.dispatch_count || ' 次' AS summary,
        o.id AS order_id, o.handling_unit_id AS unit_id, ARRAY[o.id] AS linked_ids
      FROM orders o
      WHERE o.dispatch_count >= 2 AND o.state NOT IN ('closed', 'merged', 'withdrawn') AND o.dispatch_count >= $3
        AND ${NO_CASE('redispatched', `'order:' || o.id`)}
      ORDER BY o.id LIMIT $2`,
    params: [(rule.cause === 'redispatched' ? rule.params.minRedispatches : 2) + 1],
  }),
  dissatisfied_after_redo: (_rule, now) => ({
    // An unhappy visit after an earlier unhappy visit: the earlier one re-opened the order (重办).
    sql: `SELECT DISTINCT ON (o.id) 'order:' || o.id AS subject_key,
        ${ORDER_LABEL} || '重办后回访仍不满意' AS summary,
        o.id AS order_id, COALESCE(o.lead_unit_id, o.handling_unit_id) AS unit_id, ARRAY[o.id] AS linked_ids
      FROM order_events e JOIN orders o ON o.id = e.order_id
      WHERE ${UNHAPPY('e')} AND e.created_at >= $3 AND e.created_at <= $1
        AND EXISTS (SELECT 1 FROM order_events p WHERE p.order_id = e.order_id AND p.seq < e.seq AND ${UNHAPPY('p')})
        AND ${NO_CASE('dissatisfied_after_redo', `'order:' || o.id`)}
      ORDER BY o.id LIMIT $2`,
    params: [new Date(now.getTime() - RECENT_VISIT_DAYS * 86_400_000)],
  }),
  unit_complaints: (rule, now, calendar) => {
    const p = rule.cause === 'unit_complaints' ? rule.params : { minComplaints: 3, period: 'month' as const };
    const period = complaintPeriod(p.period, now, calendar);
    return {
      // A complaint against a unit: a 投诉 order whose lead unit it is, dispatched there in the period
      // (merged duplicates and withdrawn requests do not count).
      sql: `SELECT k.subject_key, '「' || u.name || '」' || $6 || '内被投诉 ' || k.n || ' 件' AS summary,
          NULL::bigint AS order_id, k.unit_id, k.linked_ids
        FROM (
          SELECT 'unit:' || o.lead_unit_id || ':' || $5 AS subject_key, o.lead_unit_id AS unit_id,
            count(*)::int AS n, array_agg(o.id ORDER BY o.id) AS linked_ids
          FROM orders o
          WHERE o.request_type = 'complaint' AND o.dispatched_at >= $3 AND o.dispatched_at <= $1
            AND o.lead_unit_id IS NOT NULL AND o.state NOT IN ('merged', 'withdrawn')
          GROUP BY o.lead_unit_id HAVING count(*) >= $4
        ) k JOIN units u ON u.id = k.unit_id
        WHERE ${NO_CASE('unit_complaints', 'k.subject_key')}
        ORDER BY k.unit_id LIMIT $2`,
      params: [period.start, p.minComplaints, period.key, `本${COMPLAINT_PERIOD_LABELS[p.period].slice(2)}`],
    };
  },
};

export const SCANNED_CAUSES = Object.keys(CANDIDATES) as SupervisionCause[];

/**
 * Opens the cases of one rule, one batch, set-based: candidates → INSERT … ON CONFLICT (cause,
 * subject_key) DO NOTHING → the history's 'open' rows and the linked orders of the rows really
 * inserted. A concurrent process inserting the same subject makes this one wait for its commit and
 * then skip the row, so each case opens exactly once.
 */
export async function openBatch(
  tx: Queryable,
  rule: SupervisionRule,
  o: { now: Date; calendar: WorkCalendar; batchSize: number },
): Promise<number> {
  const build = CANDIDATES[rule.cause];
  if (!build) return 0;
  const { sql, params } = build(rule, o.now, o.calendar);
  const due = caseDeadline(rule.level, o.now, o.calendar);
  const n = params.length + 2;
  const [row] = await tx.query<{ opened: number }>(
    `WITH cand AS (${sql}),
     ins AS (
       INSERT INTO supervision_cases (cause, subject_key, level, summary, order_id, unit_id, due_at, opened_at, updated_at)
       SELECT $${n + 1}::text, subject_key, $${n + 2}::text, summary, order_id, unit_id, $${n + 3}::timestamptz,
         $1::timestamptz, $1::timestamptz FROM cand
       ON CONFLICT (cause, subject_key) DO NOTHING
       RETURNING id, subject_key, summary
     ),
     ev AS (
       INSERT INTO supervision_case_events (case_id, action, from_status, to_status, level, note, payload, created_at)
       SELECT id, 'open', NULL, 'open', $${n + 2}::text, summary,
         jsonb_build_object('cause', $${n + 1}::text, 'dueAt', $${n + 3}::timestamptz), $1::timestamptz FROM ins
     ),
     links AS (
       INSERT INTO supervision_case_orders (case_id, order_id, linked_at)
       SELECT ins.id, l.order_id, $1::timestamptz FROM ins JOIN cand USING (subject_key), unnest(cand.linked_ids) AS l(order_id)
     )
     SELECT count(*)::int AS opened FROM ins`,
    [o.now, o.batchSize, ...params, rule.cause, rule.level, due],
  );
  return row?.opened ?? 0;
}

/** A stable advisory-lock key per cause, so two processes do not scan the same rule at once. */
const lockKey = (cause: SupervisionCause) => 72_712_346 + SCANNED_CAUSES.indexOf(cause);

/**
 * One pass of the 督办 engine over every enabled rule. Each rule runs in its own transactions; a
 * process that finds another one scanning a rule (advisory lock) skips it this time — only to save
 * work: correctness rests on the unique key, not on the lock.
 */
export async function scanSupervision(
  ctx: Pick<Context, 'db' | 'now' | 'refs'>,
  batchSize = 500,
): Promise<{ opened: number; byCause: Partial<Record<SupervisionCause, number>> }> {
  const now = ctx.now();
  const { calendar } = await ctx.refs.get();
  const rules = (await loadSupervisionRules(ctx.db)).map(toSupervisionRule).filter((r) => r.enabled);
  const byCause: Partial<Record<SupervisionCause, number>> = {};
  let opened = 0;
  for (const rule of rules) {
    if (!CANDIDATES[rule.cause]) continue;
    for (;;) {
      const n = await ctx.db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
          lockKey(rule.cause),
        ]);
        if (!lock?.ok) return 0;
        return openBatch(tx, rule, { now, calendar, batchSize });
      });
      if (n > 0) byCause[rule.cause] = (byCause[rule.cause] ?? 0) + n;
      opened += n;
      if (n < batchSize) break;
    }
  }
  return { opened, byCause };
}

/** Runs the engine every `intervalMs` until stopped. */
export function startSupervisionEngine(
  ctx: Pick<Context, 'db' | 'now' | 'refs'>,
  o: { intervalMs: number; batchSize: number; log: (msg: string, err?: unknown) => void },
) {
  return startPeriodic({
    name: '督办扫描',
    run: () => scanSupervision(ctx, o.batchSize),
    every: o.intervalMs,
    log: o.log,
  });
}
