/**
 * List latency at scale: generates N orders straight into PostgreSQL (realistic states, units, phones,
 * spread over a year), then times the API's lists over HTTP — the newest page, work queues by
 * deadline, a handler's unit-scoped list and queue, a deep keyset page, a caller's orders.
 *
 *   npm run bench:list -- [--orders 1000000] [--samples 50]
 *
 * PostgreSQL only (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres; it creates
 * the database jiesu_bench_list). The last line printed is one JSON object of figures.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { stop, waitForHealth } from './server-process.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '50' } },
});
const N = Number(values.orders);
const SAMPLES = Number(values.samples);
const ROOT = path.resolve(import.meta.dirname, '..');
const JIESU = path.join(ROOT, 'packages/server/bin/jiesu.js');
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 3918;

async function main() {
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS jiesu_bench_list WITH (FORCE)');
  await admin.query('CREATE DATABASE jiesu_bench_list');
  await admin.end();
  const url = new URL(PG_BASE);
  url.pathname = '/jiesu_bench_list';
  const env = { ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), JIESU_LOG_LEVEL: 'warn' };
  execFileSync(process.execPath, [JIESU, 'seed', '--demo', '--orders', '0'], { env, stdio: 'ignore' });

  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const t0 = performance.now();
  await generate(db);
  const generateS = (performance.now() - t0) / 1000;
  console.log(`generated ${N} orders in ${generateS.toFixed(1)} s`);
  const phone = (await db.query('SELECT citizen_phone FROM orders ORDER BY id LIMIT 1')).rows[0]
    .citizen_phone;
  await db.end();

  const server = spawn(process.execPath, [JIESU, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitForHealth(PORT);
    const dispatcher = await login('dispatcher');
    const handler = await login('handler');
    const middle = await get('/api/orders?limit=100', dispatcher);
    const deepCursor = deepCursorOf(180);
    const cases: [string, string, string][] = [
      ['newest_page', '/api/orders?limit=20', dispatcher],
      ['dispatch_queue', '/api/orders?state=pending_dispatch&sort=deadline&limit=20', dispatcher],
      ['handling_queue_city', '/api/orders?state=handling&sort=deadline&limit=20', dispatcher],
      ['unit_list', '/api/orders?limit=20', handler],
      ['unit_queue', '/api/orders?state=handling&sort=deadline&limit=20', handler],
      ['deep_page', `/api/orders?limit=20&cursor=${deepCursor}`, dispatcher],
      ['next_page', `/api/orders?limit=20&cursor=${middle.body.nextCursor}`, dispatcher],
      ['caller_orders', `/api/orders?limit=20&citizenPhone=${phone}`, dispatcher],
      // Tab badges (GET /api/orders/queue-counts): whole city incl. the capped closed count, and a street.
      [
        'queue_counts_city',
        '/api/orders/queue-counts?states=pending_dispatch,dispatched,handling,return_requested,unit_review,closed',
        dispatcher,
      ],
      [
        'queue_counts_unit',
        '/api/orders/queue-counts?states=dispatched,handling,return_requested,unit_review',
        handler,
      ],
      ['queue_counts_unit_extension', '/api/orders/queue-counts?states=handling&extension=pending', handler],
    ];
    const result: Record<string, number> = { orders: N, generate_s: Math.round(generateS) };
    for (const [name, path, cookie] of cases) {
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const start = performance.now();
        const res = await get(path, cookie);
        ms.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      ms.sort((a, b) => a - b);
      const p = (q: number) =>
        Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 10) / 10;
      result[`${name}_p50_ms`] = p(0.5);
      result[`${name}_p95_ms`] = p(0.95);
      console.log(`${name}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`);
    }
    console.log(JSON.stringify(result));
  } finally {
    await stop(server);
  }
}

/**
 * Orders in realistic proportions: most closed, a working set open; dispatched to the demo city's
 * units; a tenth of callers call again. One INSERT … SELECT per chunk keeps memory flat.
 */
async function generate(db: pg.Client) {
  const units = (await db.query("SELECT id FROM units WHERE kind NOT IN ('centre', 'city')")).rows.map(
    (r) => r.id,
  );
  const chunk = 200_000;
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1);
    await db.query(
      `INSERT INTO orders (number, channel, request_type, urgency, title, content, citizen_phone, state,
         lead_unit_id, handling_unit_id, created_at, updated_at, dispatched_at, dispatch_due_at, sign_due_at,
         handle_due_at, time_limit_rule_id, version)
       SELECT lpad(g::text, 12, '0'),
         (ARRAY['phone','phone','phone','website','wechat','app'])[1 + g % 6],
         (ARRAY['consultation','consultation','consultation','help','complaint','suggestion'])[1 + g % 6],
         CASE WHEN g % 50 = 0 THEN 'urgent' ELSE 'general' END,
         '诉求 ' || g, '市民反映的问题 ' || g,
         '139' || lpad((g % ($1::int / 10 + 1))::text, 8, '0'),
         s.state,
         CASE WHEN s.state = 'pending_dispatch' THEN NULL ELSE u.id END,
         CASE WHEN s.state = 'pending_dispatch' THEN NULL ELSE u.id END,
         c.at, c.at + interval '2 days', c.at + interval '1 hour', c.at + interval '2 hours',
         c.at + interval '3 hours', c.at + interval '7 days', 1, 3
       FROM generate_series($2::int, $3::int) g
       CROSS JOIN LATERAL (SELECT now() - (($1::int - g)::float / $1::int) * interval '365 days' AS at) c
       CROSS JOIN LATERAL (SELECT CASE
           WHEN g > $1::int - $1::int / 100 THEN (ARRAY['pending_dispatch','dispatched','handling','handling','unit_review','visit_pending'])[1 + g % 6]
           WHEN g % 97 = 0 THEN 'withdrawn' ELSE 'closed' END AS state) s
       CROSS JOIN LATERAL (SELECT ($4::int[])[1 + g % cardinality($4::int[])] AS id) u`,
      [N, from, to, units],
    );
  }
  await db.query("SELECT setval('order_number_seq', $1)", [N + 1]);
  // As autovacuum leaves a table in service: statistics and the visibility map (index-only scans).
  await db.query('VACUUM ANALYZE orders');
}

/** A cursor pointing `days` back, as someone paging far into the history would hold. */
function deepCursorOf(days: number) {
  const at = new Date(Date.now() - days * 86_400_000).toISOString();
  return Buffer.from(`${at}|${Number.MAX_SAFE_INTEGER}`).toString('base64url');
}

async function get(url: string, cookie: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
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
