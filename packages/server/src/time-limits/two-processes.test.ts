import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Two Jiesu server processes scan one PostgreSQL database at the same time: every yellow and red
 * warning must be recorded exactly once. PGlite is single-process, so this runs only on PostgreSQL.
 */
const JIESU = path.resolve(import.meta.dirname, '../../bin/jiesu.js');
const onPostgres = !!process.env.DATABASE_URL;

let t: TestApp;
const children: ChildProcess[] = [];
beforeAll(async () => {
  if (onPostgres) t = await createTestApp({ at: '2026-03-02T09:30:00+08:00' });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t?.close();
});

async function api(user: Parameters<TestApp['as']>[0], url: string, payload: Record<string, unknown>) {
  const res = await t.as(user, { method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

it.skipIf(!onPostgres)('two processes record each warning exactly once', { timeout: 120_000 }, async () => {
  // 100 undispatched (dispatch red), 100 dispatched unsigned (sign red, handle yellow and red),
  // 100 signed (handle yellow and red): 600 warnings, all long due by the real clock.
  for (let i = 0; i < 300; i++) {
    const o = await api('callTaker', '/api/orders', {
      channel: 'phone',
      requestType: 'complaint',
      title: `投诉 ${i}`,
      content: '夜间施工噪音扰民',
    });
    if (i < 100) continue;
    await api('dispatcher', `/api/orders/${o.id}/dispatch`, { leadUnitId: t.units.street });
    if (i >= 200) await api('handler', `/api/orders/${o.id}/sign`, {});
  }
  const env = {
    ...process.env,
    DATABASE_URL: t.testDb.url,
    PORT: '0',
    HOST: '127.0.0.1',
    JIESU_LOG_LEVEL: 'warn',
    JIESU_SCANNER_INTERVAL_MS: '100',
    // Small batches so that both processes claim orders at the same time.
    JIESU_SCANNER_BATCH: '20',
  };
  for (let i = 0; i < 2; i++) {
    children.push(spawn(process.execPath, [JIESU, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  const count = async () =>
    (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM time_limit_warnings'))[0]?.n ?? 0;
  const deadline = Date.now() + 60_000;
  while ((await count()) < 600 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  // Let both scanners run several more rounds over the same orders.
  await new Promise((r) => setTimeout(r, 1500));
  expect(children.every((c) => c.exitCode === null)).toBe(true);

  expect(await count()).toBe(600);
  const byKind = await t.testDb.db.query<{ clock: string; level: string; n: number }>(
    'SELECT clock, level, count(*)::int AS n FROM time_limit_warnings GROUP BY clock, level ORDER BY clock, level',
  );
  expect(byKind).toEqual([
    { clock: 'dispatch', level: 'red', n: 100 },
    { clock: 'handle', level: 'red', n: 200 },
    { clock: 'handle', level: 'yellow', n: 200 },
    { clock: 'sign', level: 'red', n: 100 },
  ]);
  const stillDue = await t.testDb.db.query('SELECT id FROM orders WHERE next_warning_at IS NOT NULL');
  expect(stillDue).toHaveLength(0);
  const red = await t.testDb.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM orders WHERE card = 'red'",
  );
  expect(red[0]?.n).toBe(300);
});
