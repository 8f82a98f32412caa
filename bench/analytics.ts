/**
 * Analytics at scale: generates N orders straight into PostgreSQL with realistic distributions (a
 * year of a big city's hotline), builds the roll-up, measures how fast the incremental fold takes
 * new timeline events, then times the month's measures by unit, the assessment and each 领导驾驶舱
 * query over HTTP (p50/p95).
 *
 *   npm run bench:analytics -- --orders 25000000 [--samples 40] [--database-url postgres://…/postgres]
 *
 * It creates (and with --drop, drops at the end) the database jiesu_bench_analytics. The last line
 * printed is one JSON object of figures.
 *
 * Generation: orders are inserted by INSERT … SELECT from generate_series in chunks of 1 M, with
 * the orders table's secondary indexes dropped and rebuilt afterwards and FK triggers off
 * (session_replication_role = replica) — the resulting schema is the real one. Writing 6–8 timeline
 * events for each of 25 M orders (≈ 175 M rows) and folding them would take hours, so the roll-up of
 * the history is built from the orders' final columns with the same counting rules (one aggregate per
 * dimension), and the fold itself is timed separately on real timeline events of 40,000 orders.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { foldAll } from '../packages/server/src/analytics/rollup.ts';
import { openPostgres } from '../packages/server/src/platform/db.ts';
import { stop, waitForHealth } from './server-process.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
    drop: { type: 'boolean', default: false },
    'skip-generate': { type: 'boolean', default: false },
    /** Open working set; default 1% of N. A Beijing year (25 M) keeps ≈ 350,000 open (a week's intake). */
    open: { type: 'string' },
  },
});
const N = Number(values.orders);
const SAMPLES = Number(values.samples);
const ROOT = path.resolve(import.meta.dirname, '..');
const JIESU = path.join(ROOT, 'packages/server/bin/jiesu.js');
const PG_BASE =
  values['database-url'] ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'jiesu_bench_analytics';
const PORT = 3919;
const CHUNK = 1_000_000;
const OPEN = Number(values.open ?? Math.floor(N / 100));
const FOLD_ORDERS = Math.min(40_000, N);

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  const url = new URL(PG_BASE);
  url.pathname = `/${DB_NAME}`;
  const env = { ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), JIESU_LOG_LEVEL: 'warn' };
  const result: Record<string, number | string> = { orders: N, open_working_set: OPEN };

  if (!values['skip-generate']) {
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
    await admin.end();
    execFileSync(process.execPath, [JIESU, 'seed', '--demo', '--orders', '0'], { env, stdio: 'ignore' });

    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query("SET maintenance_work_mem = '1GB'");
    await db.query("SET work_mem = '256MB'");
    let t0 = performance.now();
    await generate(db);
    result.generate_s = Math.round((performance.now() - t0) / 1000);
    t0 = performance.now();
    await buildRollupFromOrders(db);
    result.rollup_build_s = Math.round((performance.now() - t0) / 1000);
    log(`roll-up built in ${result.rollup_build_s} s`);
    await db.end();

    // The incremental fold on real timeline events.
    const fold = await timeFold(url.toString());
    Object.assign(result, fold);
  }

  const sizes = await sizesOf(url.toString());
  Object.assign(result, sizes);

  const server = spawn(process.execPath, [JIESU, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitForHealth(PORT);
    const leader = await login('leader');
    const month = await latestFullMonth(url.toString());
    const cases: [string, string][] = [
      ['unit_measures_month', `/api/analytics/measures?month=${month}&by=unit`],
      ['unit_subtree_measures_month', `/api/analytics/measures?month=${month}&by=unit&subtree=true`],
      ['category_measures_month', `/api/analytics/measures?month=${month}&by=category&subtree=true`],
      ['city_measures_month', `/api/analytics/measures?month=${month}&by=all`],
      [
        'city_measures_year',
        `/api/analytics/measures?from=${yearBefore(month)}&to=${monthEnd(month)}&by=all`,
      ],
      ['assessment_month', `/api/analytics/assessment?month=${month}`],
      ['assessment_xlsx', `/api/analytics/assessment.xlsx?month=${month}`],
      ['trend_days_month', `/api/analytics/trend?month=${month}&granularity=day`],
      [
        'trend_weeks_year',
        `/api/analytics/trend?from=${yearBefore(month)}&to=${monthEnd(month)}&granularity=week`,
      ],
      [
        'trend_months_year',
        `/api/analytics/trend?from=${yearBefore(month)}&to=${monthEnd(month)}&granularity=month`,
      ],
      ['mix_month', `/api/analytics/mix?month=${month}`],
      ['hotspots_streets_month', `/api/analytics/hotspots?month=${month}&level=street`],
      ['overdue_top20', '/api/analytics/overdue?limit=20'],
    ];
    for (const [name, path] of cases) {
      await get(path, leader); // warm
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const start = performance.now();
        const res = await get(path, leader);
        ms.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.text.slice(0, 300)}`);
      }
      ms.sort((a, b) => a - b);
      const p = (q: number) =>
        Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 10) / 10;
      result[`${name}_p50_ms`] = p(0.5);
      result[`${name}_p95_ms`] = p(0.95);
      log(`${name}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`);
    }
  } finally {
    await stop(server);
  }
  if (values.drop) {
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
    log('database dropped');
  }
  console.log(JSON.stringify(result));
}

/**
 * Distributions: request types 62% consultation, 22% help, 13% complaint, 2% suggestion, 0.5%
 * report, 0.5% praise (a seed city's mix); channels mostly phone; categories, communities and lead
 * units Zipf-like (a few carry most orders); a weekly rhythm (weekends at 60%) and a slow growth over
 * the year; 30% of consultations answered directly; 1% withdrawn; the newest ~1% still open (some of
 * them past the deadline); 3% redone once; satisfaction 88/7/5; 95% resolved; 2% signed late; 5%
 * replied after the deadline, 4% of orders with an approved extension.
 */
async function generate(db: pg.Client) {
  const ids = async (sql: string) => (await db.query(sql)).rows.map((r) => r.id as number);
  const units = await ids(
    "SELECT id FROM units WHERE kind IN ('district','street','department','utility') ORDER BY id",
  );
  const regions = await ids("SELECT id FROM units WHERE kind = 'community' ORDER BY id");
  const categories = await ids(
    'SELECT id FROM categories WHERE id NOT IN (SELECT parent_id FROM categories WHERE parent_id IS NOT NULL) ORDER BY id',
  );
  const [rule] = (await db.query('SELECT id FROM time_limit_rules ORDER BY id LIMIT 1')).rows;
  const indexes = (
    await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'orders'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass)`,
    )
  ).rows as { indexname: string; indexdef: string }[];
  for (const i of indexes) await db.query(`DROP INDEX ${i.indexname}`);
  await db.query('SET session_replication_role = replica');
  const t0 = performance.now();
  for (let from = 1; from <= N; from += CHUNK) {
    const to = Math.min(N, from + CHUNK - 1);
    await db.query(INSERT_ORDERS, [N, from, to, units, regions, categories, rule?.id ?? null, OPEN]);
    log(
      `orders ${to.toLocaleString()} / ${N.toLocaleString()} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  await db.query('SET session_replication_role = DEFAULT');
  await db.query("SELECT setval('order_number_seq', $1)", [N + 1]);
  for (const i of indexes) {
    const s = performance.now();
    await db.query(i.indexdef);
    log(`index ${i.indexname} in ${((performance.now() - s) / 1000).toFixed(0)} s`);
  }
  await db.query('VACUUM ANALYZE orders'); // as autovacuum would: index-only scans need the visibility map
}

const INSERT_ORDERS = `
INSERT INTO orders (number, channel, request_type, urgency, category_id, title, content, region_unit_id,
  citizen_phone, state, lead_unit_id, handling_unit_id, created_at, updated_at, dispatched_at, signed_at,
  replied_at, closed_at, time_limit_rule_id, dispatch_due_at, sign_due_at, handle_due_at, close_kind,
  satisfaction, resolved, redo_count, extension_count, dispatch_count, version)
SELECT lpad(g::text, 12, '0'), x.channel, x.rtype, CASE WHEN r.u5 < 0.02 THEN 'urgent' ELSE 'general' END,
  x.category_id, '诉求', '市民反映的问题', x.region_id, '139' || lpad((g % ($1::int / 8 + 1))::text, 8, '0'),
  s.state,
  CASE WHEN s.dispatched THEN x.unit_id END, CASE WHEN s.dispatched THEN x.unit_id END,
  c.at, c.at, CASE WHEN s.dispatched THEN c.at + interval '40 minutes' END,
  CASE WHEN s.signed THEN c.at + CASE WHEN r.u6 < 0.02 THEN interval '5 hours' ELSE interval '70 minutes' END END,
  CASE WHEN s.replied THEN c.at + CASE WHEN r.u6 > 0.95 THEN interval '9 days' ELSE interval '3 days' END END,
  CASE WHEN s.state IN ('closed', 'withdrawn') THEN
    c.at + CASE WHEN s.kind = 'direct_answer' THEN interval '5 minutes' ELSE interval '4 days' END END,
  $7, c.at + interval '2 hours',
  CASE WHEN s.dispatched THEN c.at + interval '160 minutes' END,
  CASE WHEN s.dispatched THEN c.at + CASE WHEN s.kind IS NULL AND r.u7 > 0.9 THEN interval '1 day'
    WHEN r.u7 < 0.04 THEN interval '12 days' ELSE interval '7 days' END END,
  s.kind,
  CASE WHEN s.kind = 'visited' THEN CASE WHEN r.u7 < 0.88 THEN 'satisfied' WHEN r.u7 < 0.95 THEN 'basically_satisfied' ELSE 'dissatisfied' END END,
  CASE WHEN s.kind = 'visited' THEN r.u8 < 0.95 END,
  CASE WHEN s.dispatched AND r.u8 > 0.97 THEN 1 ELSE 0 END,
  CASE WHEN r.u7 < 0.04 AND s.dispatched THEN 1 ELSE 0 END,
  CASE WHEN s.dispatched THEN 1 ELSE 0 END, 5
FROM generate_series($2::int, $3::int) g
CROSS JOIN LATERAL (SELECT random() + 0 * g u1, random() + 0 * g u2, random() + 0 * g u3, random() + 0 * g u4, random() + 0 * g u5, random() + 0 * g u6,
  random() + 0 * g u7, random() + 0 * g u8, random() + 0 * g u9) r
CROSS JOIN LATERAL (SELECT
  ($4::int[])[1 + floor(cardinality($4::int[]) * power(r.u1, 2.2))::int] AS unit_id,
  ($5::int[])[1 + floor(cardinality($5::int[]) * power(r.u2, 1.8))::int] AS region_id,
  ($6::int[])[1 + floor(cardinality($6::int[]) * power(r.u3, 2.0))::int] AS category_id,
  CASE WHEN r.u4 < 0.62 THEN 'consultation' WHEN r.u4 < 0.84 THEN 'help' WHEN r.u4 < 0.97 THEN 'complaint'
    WHEN r.u4 < 0.99 THEN 'suggestion' WHEN r.u4 < 0.995 THEN 'report' ELSE 'praise' END AS rtype,
  CASE WHEN r.u9 < 0.70 THEN 'phone' WHEN r.u9 < 0.82 THEN 'wechat' WHEN r.u9 < 0.90 THEN 'website'
    WHEN r.u9 < 0.95 THEN 'app' ELSE 'mayor_mailbox' END AS channel) x
CROSS JOIN LATERAL (SELECT
  -- a year ending now, +18% from its start to its end (inverse of the linear density's CDF)
  now() - interval '365 days' * (1 - (sqrt(1 + 0.36 * 1.09 * (g::float / $1::int)) - 1) / 0.18) AS at0) c0
CROSS JOIN LATERAL (SELECT CASE WHEN extract(isodow FROM c0.at0) >= 6 AND r.u5 > 0.6
  THEN c0.at0 - interval '2 days' ELSE c0.at0 END AS at) c
CROSS JOIN LATERAL (SELECT t.state, t.kind, t.state NOT IN ('pending_dispatch') AND t.kind IS DISTINCT FROM 'direct_answer' AS dispatched,
    t.state NOT IN ('pending_dispatch', 'dispatched') AND t.kind IS DISTINCT FROM 'direct_answer' AS signed,
    t.state IN ('unit_review', 'centre_review', 'visit_pending') OR t.kind IN ('visited', 'unreachable') AS replied
  FROM (SELECT CASE
      WHEN g > $1::int - $8::int THEN (ARRAY['pending_dispatch','dispatched','handling','handling','handling','unit_review','centre_review','visit_pending'])[1 + g % 8]
      WHEN x.rtype = 'consultation' AND r.u6 < 0.30 THEN 'closed'
      WHEN r.u6 > 0.99 THEN 'withdrawn' ELSE 'closed' END AS state,
    CASE
      WHEN g > $1::int - $8::int THEN NULL
      WHEN x.rtype = 'consultation' AND r.u6 < 0.30 THEN 'direct_answer'
      WHEN r.u6 > 0.99 THEN 'withdrawn'
      WHEN r.u5 > 0.97 THEN 'unreachable' ELSE 'visited' END AS kind) t) s`;

/**
 * The roll-up of the generated history, by the fold's counting rules applied to each order's final
 * columns (bench only; the product builds it from the timeline): one aggregate per dimension.
 */
async function buildRollupFromOrders(db: pg.Client) {
  await db.query('DELETE FROM analytics_daily');
  const keys: [string, string][] = [
    ['all', "''"],
    ['unit', 'lead_unit_id::text'],
    ['category', 'category_id::text'],
    ['region', 'region_unit_id::text'],
    ['type', 'request_type'],
    ['channel', 'channel'],
  ];
  const cst = (c: string) => `(${c} AT TIME ZONE INTERVAL '+08:00')::date`;
  for (const [dim, key] of keys) {
    const s = performance.now();
    await db.query(`
      INSERT INTO analytics_daily (dim, day, key, received, direct_answered, dispatched, signed, signed_in_time,
        closed, closed_on_time, closed_redone, visited, satisfied, basically_satisfied, dissatisfied, resolved,
        due_closed, due_closed_late)
      SELECT '${dim}', f.day, f.key, sum(f.received), sum(f.da), sum(f.dispatched), sum(f.signed), sum(f.sit),
        sum(f.closed), sum(f.cot), sum(f.cr), sum(f.visited), sum(f.sat), sum(f.basic), sum(f.dis), sum(f.res),
        sum(f.dc), sum(f.dcl)
      FROM orders o CROSS JOIN LATERAL (
        SELECT ${cst('o.created_at')} AS day, 1 AS received, (o.close_kind = 'direct_answer')::int AS da,
          0 dispatched, 0 signed, 0 sit, 0 closed, 0 cot, 0 cr, 0 visited, 0 sat, 0 basic, 0 dis, 0 res, 0 dc, 0 dcl,
          ${key === "''" ? "''" : key.replace(/^(\w+)/, 'o.$1')} AS key
        UNION ALL
        SELECT ${cst('o.dispatched_at')}, 0, 0, 1 + o.redo_count, (o.signed_at IS NOT NULL)::int * (1 + o.redo_count),
          (o.signed_at <= o.sign_due_at)::int * (1 + o.redo_count), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          ${key === "''" ? "''" : key.replace(/^(\w+)/, 'o.$1')}
        WHERE o.dispatched_at IS NOT NULL
        UNION ALL
        SELECT ${cst('o.closed_at')}, 0, 0, 0, 0, 0, 1, (o.replied_at <= o.handle_due_at)::int, (o.redo_count > 0)::int,
          (o.close_kind = 'visited')::int * (1 + o.redo_count), (o.satisfaction = 'satisfied')::int,
          (o.satisfaction = 'basically_satisfied')::int, (o.satisfaction = 'dissatisfied')::int + (o.close_kind = 'visited')::int * o.redo_count,
          coalesce(o.resolved, false)::int, 0, 0, ${key === "''" ? "''" : key.replace(/^(\w+)/, 'o.$1')}
        WHERE o.close_kind IN ('visited', 'unreachable')
        UNION ALL
        SELECT ${cst('o.handle_due_at')}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (o.replied_at > o.handle_due_at)::int,
          ${key === "''" ? "''" : key.replace(/^(\w+)/, 'o.$1')}
        WHERE o.close_kind IN ('visited', 'unreachable')
      ) f
      WHERE f.key IS NOT NULL
      GROUP BY f.day, f.key`);
    log(`roll-up dim ${dim} in ${((performance.now() - s) / 1000).toFixed(0)} s`);
  }
  await db.query('ANALYZE analytics_daily');
}

/** Real timeline events (create, dispatch, sign, reply, visit) for FOLD_ORDERS orders, then foldAll. */
async function timeFold(dbUrl: string) {
  const db = openPostgres(dbUrl, { max: 2 });
  const [{ max } = { max: 0 }] = await db.query<{ max: number }>('SELECT max(id)::int AS max FROM orders');
  const first = max - N + 1;
  await db.query('DELETE FROM analytics_pending');
  await db.query(
    `INSERT INTO order_events (order_id, seq, action, from_state, to_state, payload, created_at)
     SELECT o.id, s.seq, s.action, s.from_state, s.to_state, s.payload, s.at
     FROM orders o CROSS JOIN LATERAL (VALUES
       (1, 'create', NULL, 'pending_dispatch', '{}'::jsonb, o.created_at),
       (2, 'dispatch', 'pending_dispatch', 'dispatched', jsonb_build_object('leadUnitId', o.lead_unit_id), o.created_at + interval '40 minutes'),
       (3, 'sign', 'dispatched', 'handling', jsonb_build_object('late', false), o.created_at + interval '70 minutes'),
       (4, 'reply', 'handling', 'visit_pending', jsonb_build_object('late', false), o.created_at + interval '3 days'),
       (5, 'visit', 'visit_pending', 'closed', jsonb_build_object('satisfaction', 'satisfied', 'resolved', true, 'redo', false), o.created_at + interval '4 days')
     ) AS s(seq, action, from_state, to_state, payload, at)
     WHERE o.id BETWEEN $1 AND $2 AND o.lead_unit_id IS NOT NULL`,
    [first + Math.floor(N / 2), first + Math.floor(N / 2) + FOLD_ORDERS - 1],
  );
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM analytics_pending',
  );
  const t0 = performance.now();
  const folded = await foldAll(db, 5000);
  const s = (performance.now() - t0) / 1000;
  await db.close();
  log(`folded ${folded} of ${n} queued events in ${s.toFixed(1)} s`);
  return { fold_events: folded, fold_events_per_s: Math.round(folded / s) };
}

async function sizesOf(dbUrl: string) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const q = async (sql: string) => (await db.query(sql)).rows[0];
  const r = {
    rollup_rows: Number((await q('SELECT count(*) AS n FROM analytics_daily')).n),
    rollup_mb: Math.round(Number((await q("SELECT pg_total_relation_size('analytics_daily') AS b")).b) / 1e6),
    orders_gb: Math.round(Number((await q("SELECT pg_total_relation_size('orders') AS b")).b) / 1e8) / 10,
    open_orders: Number(
      (await q("SELECT count(*) AS n FROM orders WHERE state NOT IN ('closed','merged','withdrawn')")).n,
    ),
  };
  await db.end();
  log(`roll-up ${r.rollup_rows} rows (${r.rollup_mb} MB), orders ${r.orders_gb} GB, ${r.open_orders} open`);
  return r;
}

async function latestFullMonth(dbUrl: string) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const { rows } = await db.query(
    "SELECT to_char(date_trunc('month', (now() AT TIME ZONE INTERVAL '+08:00')) - interval '1 day', 'YYYY-MM') AS m",
  );
  await db.end();
  return rows[0].m as string;
}
const monthEnd = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
};
const yearBefore = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y - 1, mo, 1));
  return d.toISOString().slice(0, 10);
};

async function get(url: string, cookie: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, { headers: { cookie } });
  return {
    status: res.status,
    text: res.headers.get('content-type')?.includes('json')
      ? await res.text()
      : String((await res.arrayBuffer()).byteLength),
  };
}

async function login(username: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'jiesu-demo-2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

await main();
