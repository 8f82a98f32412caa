/**
 * Orders created per second through the HTTP API, with all of its logic (session check, validation,
 * time-limit rule, number, order row, timeline event), on embedded PGlite and on PostgreSQL.
 *
 *   npm run bench:orders -- [--db pglite|postgres|both] [--orders 3000] [--concurrency 32] [--auto-dispatch on|off]
 *
 * The demo city switches 自动派单 on (派单目录 hits, ~15% of these orders, are dispatched by the
 * system right after creation); `--auto-dispatch off` measures creation alone, as in a city that has
 * not switched it on.
 *
 * The server runs as its own process (`jiesu serve`) so the load generator does not share its event
 * loop; both share this machine's 2 cores. The last line printed is one JSON object of figures.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { stop, waitForHealth } from './server-process.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    orders: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    'auto-dispatch': { type: 'string', default: 'on' },
  },
});
const ORDERS = Number(values.orders);
const CONCURRENCY = Number(values.concurrency);
const AUTO_DISPATCH = values['auto-dispatch'] !== 'off';
const ROOT = path.resolve(import.meta.dirname, '..');
const JIESU = path.join(ROOT, 'packages/server/bin/jiesu.js');
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEMO_PASSWORD = 'jiesu-demo-2026';

interface Run {
  orders_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
}

async function main() {
  const which = values.db === 'both' ? ['pglite', 'postgres'] : [values.db];
  const result: Record<string, number | string | boolean> = {
    orders: ORDERS,
    concurrency: CONCURRENCY,
    auto_dispatch: AUTO_DISPATCH,
  };
  for (const db of which) {
    const r = await benchOne(db as 'pglite' | 'postgres');
    console.log(
      `${db}: ${r.orders_per_s} orders/s, p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, errors ${r.errors}`,
    );
    for (const [k, v] of Object.entries(r)) result[`${db}_${k}`] = v;
  }
  console.log(JSON.stringify(result));
}

async function benchOne(kind: 'pglite' | 'postgres'): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jiesu-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '3917',
    HOST: '127.0.0.1',
    JIESU_LOG_LEVEL: 'warn',
    JIESU_DATA_DIR: dataDir,
    JIESU_SCANNER_INTERVAL_MS: '60000',
  };
  delete env.DATABASE_URL;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS jiesu_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE jiesu_bench');
    await admin.end();
    const u = new URL(PG_BASE);
    u.pathname = '/jiesu_bench';
    env.DATABASE_URL = u.toString();
  }
  execFileSync(process.execPath, [JIESU, 'seed', '--demo', '--orders', '0'], { env, stdio: 'ignore' });
  // BENCH_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeArgs, JIESU, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(3917);
    const admin = await login('admin');
    const settings = await call('GET', '/api/dispatch/settings', admin);
    const put = await call('PUT', '/api/dispatch/settings', admin, {
      ...settings.body,
      autoDispatch: AUTO_DISPATCH,
    });
    if (put.status !== 200) throw new Error(`settings: ${put.status} ${JSON.stringify(put.body)}`);
    const cookie = await login('calltaker');
    const categories = (await call('GET', '/api/categories', cookie)).body.items.map(
      (c: { id: number }) => c.id,
    );
    // Warm up, then measure.
    await load(200, cookie, categories);
    const started = performance.now();
    const { latencies, errors } = await load(ORDERS, cookie, categories);
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
    return {
      orders_per_s: Math.round(ORDERS / seconds),
      p50_ms: q(0.5),
      p95_ms: q(0.95),
      p99_ms: q(0.99),
      errors,
    };
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(method: string, url: string, cookie?: string, body?: unknown) {
  return new Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: 3917,
        method,
        path: url,
        agent,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            headers: res.headers,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function login(username: string) {
  const res = await call('POST', '/api/auth/login', undefined, {
    username,
    password: DEMO_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

const TITLES = [
  '小区噪音扰民',
  '路灯不亮',
  '物业不作为',
  '公积金贷款咨询',
  '供暖温度不达标',
  '拖欠工资',
  '停车难',
];

async function load(n: number, cookie: string, categories: number[]) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const res = await call('POST', '/api/orders', cookie, {
        channel: i % 5 === 0 ? 'wechat' : 'phone',
        requestType: i % 3 === 0 ? 'consultation' : 'complaint',
        categoryId: categories[i % categories.length],
        title: TITLES[i % TITLES.length],
        content: `市民反映：${TITLES[i % TITLES.length]}，已持续多日，请尽快处理。编号 ${i}`,
        citizenPhone: `1380000${String(i % 10000).padStart(4, '0')}`,
        address: '临江市东湖区滨江街道',
      });
      latencies.push(performance.now() - t0);
      if (res.status !== 201) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, errors };
}

const round = (x: number) => Math.round(x * 10) / 10;

await main();
agent.destroy();
