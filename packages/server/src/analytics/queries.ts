/**
 * Reads for measures, assessment and the 领导驾驶舱. Measures come from the roll-up
 * (`analytics_daily`); only the open part of 应办结 (open orders by handling deadline) is read live
 * from `orders_open_due_idx`, which holds the open working set, not the history.
 */
import type { Context } from '../context.ts';
import {
  addCounters,
  COUNTER_NAMES,
  type MeasureCounters,
  type Measures,
  measuresOf,
  zeroCounters,
} from '../domain/measures.ts';
import type { Db, Queryable } from '../platform/db.ts';
import { COUNTER_COLUMNS, foldAll, noJit } from './rollup.ts';

export const DIMENSIONS = ['all', 'unit', 'category', 'region', 'type', 'channel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** A period of whole China-Standard-Time days, `to` inclusive. */
export interface Period {
  from: string;
  to: string;
}

const camel = (c: string) => c.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const SUM_COLUMNS = COUNTER_COLUMNS.map((c) => `sum(${c})::int AS "${camel(c)}"`).join(', ');

/** Start of a CST day as an instant. */
export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
export const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
export const shiftYear = (day: string, years: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};
export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
/** Today in China Standard Time. */
export const cstDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const LIVE_KEY: Record<Dimension, string> = {
  all: "''",
  unit: 'lead_unit_id::text',
  category: 'category_id::text',
  region: 'region_unit_id::text',
  type: 'request_type',
  channel: 'channel',
};

/** Makes the roll-up current before a read (a no-op when another process is folding). */
export async function freshen(ctx: Context) {
  await foldAll(ctx.db);
}

/** Runs reads in one read-only transaction without JIT (it costs seconds on these small queries). */
export function reading<T>(db: Db, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (db.kind !== 'postgres') return fn(db);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    await noJit(db, tx);
    return fn(tx);
  });
}

/** Counters per key of one dimension over a period: roll-up sums plus the live open 应办结. */
export function countersBy(
  db: Db,
  o: { dim: Dimension; period: Period; now: Date },
): Promise<Map<string, MeasureCounters>> {
  return reading(db, (q) => countersIn(q, o));
}

async function countersIn(db: Queryable, o: { dim: Dimension; period: Period; now: Date }) {
  const [rolled, open] = await Promise.all([
    db.query<{ key: string } & Record<string, number>>(
      `SELECT key, ${SUM_COLUMNS} FROM analytics_daily
       WHERE dim = $1 AND day BETWEEN $2 AND $3 GROUP BY key`,
      [o.dim, o.period.from, o.period.to],
    ),
    openDue(db, o),
  ]);
  const out = new Map<string, MeasureCounters>();
  const at = (key: string) => {
    let c = out.get(key);
    if (!c) {
      c = zeroCounters();
      out.set(key, c);
    }
    return c;
  };
  for (const row of rolled) {
    const c = at(row.key);
    for (const n of COUNTER_NAMES) if (n in row) c[n] = Number(row[n] ?? 0);
  }
  for (const row of open) {
    const c = at(row.key);
    c.dueOpen = row.due_open;
    c.dueOpenOverdue = row.overdue;
  }
  return out;
}

function openDue(db: Queryable, o: { dim: Dimension; period: Period; now: Date }) {
  const key = LIVE_KEY[o.dim];
  return db.query<{ key: string; due_open: number; overdue: number }>(
    `SELECT ${key} AS key, count(*)::int AS due_open,
       count(*) FILTER (WHERE handle_due_at < $3 AND (replied_at IS NULL OR replied_at > handle_due_at))::int AS overdue
     FROM orders
     WHERE state NOT IN ('closed', 'merged', 'withdrawn') AND handle_due_at IS NOT NULL
       AND handle_due_at >= $1 AND handle_due_at < $2 AND ${key} IS NOT NULL
     GROUP BY 1`,
    [dayStart(o.period.from), dayStart(nextDay(o.period.to)), o.now],
  );
}

export interface TreeNode {
  id: number;
  path: string;
}

/** Each node's counters summed over its subtree (materialised paths '/1/4/17/'). */
export function subtreeSums(
  nodes: readonly TreeNode[],
  byKey: ReadonlyMap<string, MeasureCounters>,
): Map<number, MeasureCounters> {
  const out = new Map<number, MeasureCounters>();
  for (const n of nodes) out.set(n.id, zeroCounters());
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const [key, c] of byKey) {
    const node = byId.get(Number(key));
    if (!node) continue;
    for (const part of node.path.split('/')) {
      if (!part) continue;
      const ancestor = out.get(Number(part));
      if (ancestor) out.set(Number(part), addCounters(ancestor, c));
    }
  }
  return out;
}

export const withMeasures = (c: MeasureCounters): { counters: MeasureCounters; measures: Measures } => ({
  counters: c,
  measures: measuresOf(c),
});

// ── dashboard ────────────────────────────────────────────────────────────────────────────────

export type Granularity = 'day' | 'week' | 'month';

/** Volume trend of the whole city: received, closed, direct answers per bucket, with last year's. */
export function trend(db: Db, o: { period: Period; granularity: Granularity }) {
  return reading(db, (q) => trendIn(q, o));
}

async function trendIn(db: Queryable, o: { period: Period; granularity: Granularity }) {
  const bucket = o.granularity === 'day' ? 'day' : `date_trunc('${o.granularity}', day)::date`;
  const series = (p: Period) =>
    db.query<{
      bucket: string;
      received: number;
      closed: number;
      directAnswered: number;
      dispatched: number;
    }>(
      `SELECT ${bucket} AS bucket, sum(received)::int AS received, sum(closed)::int AS closed,
         sum(direct_answered)::int AS "directAnswered", sum(dispatched)::int AS dispatched
       FROM analytics_daily WHERE dim = 'all' AND day BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1`,
      [p.from, p.to],
    );
  const lastYear: Period = { from: shiftYear(o.period.from, -1), to: shiftYear(o.period.to, -1) };
  const [current, previous] = await Promise.all([series(o.period), series(lastYear)]);
  const prevByBucket = new Map(previous.map((r) => [r.bucket, r]));
  const buckets = bucketsOf(o.period, o.granularity);
  const curByBucket = new Map(current.map((r) => [r.bucket, r]));
  return buckets.map((b) => {
    const cur = curByBucket.get(b);
    const prev = prevByBucket.get(bucketOf(shiftYear(b, -1), o.granularity));
    return {
      bucket: b,
      received: cur?.received ?? 0,
      closed: cur?.closed ?? 0,
      directAnswered: cur?.directAnswered ?? 0,
      receivedLastYear: prev?.received ?? 0,
    };
  });
}

/** The bucket (first day) a day falls in: itself, its ISO week's Monday or its month's first day. */
export function bucketOf(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

export function bucketsOf(p: Period, g: Granularity): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = nextDay(d)) {
    const b = bucketOf(d, g);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

/** The most overdue open orders: past the handling deadline without an on-time reply. */
export function overdueOrders(db: Db, o: { now: Date; limit: number }) {
  return reading(db, (q) =>
    q.query<{
      id: number;
      number: string;
      title: string;
      state: string;
      lead_unit_id: number | null;
      handling_unit_id: number | null;
      category_id: number | null;
      handle_due_at: Date;
      redo_count: number;
    }>(
      `SELECT id, number, title, state, lead_unit_id, handling_unit_id, category_id, handle_due_at, redo_count
     FROM orders
     WHERE state NOT IN ('closed', 'merged', 'withdrawn') AND handle_due_at IS NOT NULL AND handle_due_at < $1
       AND (replied_at IS NULL OR replied_at > handle_due_at)
     ORDER BY handle_due_at, id LIMIT $2`,
      [o.now, o.limit],
    ),
  );
}
