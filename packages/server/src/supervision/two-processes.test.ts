import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { openBatch } from './engine.ts';
import { orderDriver } from './testing.ts';

/**
 * Two Jiesu server processes run the 督办 engine on one PostgreSQL database at the same time: every
 * case must open exactly once. PGlite is single-process, so this runs only on PostgreSQL.
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

it.skipIf(!onPostgres)(
  'two processes open each supervision case exactly once',
  { timeout: 120_000 },
  async () => {
    const d = orderDriver(t);
    // 60 orders handled in March 2026: long overdue by the real clock. 20 of them were dispatched
    // three times (再次派单 2 次). Expected: 60 overdue cases + 20 redispatched cases.
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      const id = await d.create({ title: `投诉 ${i}` });
      await d.ok('dispatcher', id, 'dispatch', { leadUnitId: t.units.street });
      if (i < 20) {
        await d.ok('dispatcher', id, 'reassign', { leadUnitId: t.units.otherStreet });
        await d.ok('dispatcher', id, 'reassign', { leadUnitId: t.units.street });
      }
      ids.push(id);
    }
    // Only the causes this data exercises; the 3-complaints rule would also fire for the street.
    await t.testDb.db.query(`UPDATE supervision_rules SET enabled = cause IN ('overdue', 'redispatched')`);
    const env = {
      ...process.env,
      DATABASE_URL: t.testDb.url,
      PORT: '0',
      HOST: '127.0.0.1',
      JIESU_LOG_LEVEL: 'warn',
      JIESU_SCANNER_INTERVAL_MS: '100',
      JIESU_SUPERVISION_INTERVAL_MS: '100',
      // Small batches so that both processes insert cases at the same time.
      JIESU_SCANNER_BATCH: '7',
    };
    for (let i = 0; i < 2; i++) {
      children.push(
        spawn(process.execPath, [JIESU, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
      );
    }
    const count = async () =>
      (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM supervision_cases'))[0]?.n ?? 0;
    const deadline = Date.now() + 60_000;
    while ((await count()) < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Let both engines run several more rounds over the same orders.
    await new Promise((r) => setTimeout(r, 1500));
    expect(children.every((c) => c.exitCode === null)).toBe(true);

    expect(await count()).toBe(80);
    const byCause = await t.testDb.db.query<{ cause: string; n: number; subjects: number }>(
      `SELECT cause, count(*)::int AS n, count(DISTINCT subject_key)::int AS subjects
     FROM supervision_cases GROUP BY cause ORDER BY cause`,
    );
    expect(byCause).toEqual([
      { cause: 'overdue', n: 60, subjects: 60 },
      { cause: 'redispatched', n: 20, subjects: 20 },
    ]);
    const opens = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supervision_case_events WHERE action = 'open'`,
    );
    expect(opens[0]?.n).toBe(80);
    const links = await t.testDb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM supervision_case_orders',
    );
    expect(links[0]?.n).toBe(80);
    for (const c of children) c.kill('SIGKILL');
  },
);

it.skipIf(!onPostgres)(
  'without the advisory lock, the unique key alone keeps racing batches exactly once',
  async () => {
    const d = orderDriver(t);
    for (let i = 0; i < 10; i++) {
      const id = await d.create({ title: `并发 ${i}` });
      await d.ok('dispatcher', id, 'dispatch', { leadUnitId: t.units.street });
    }
    const rule = {
      cause: 'overdue' as const,
      name: '超期',
      enabled: true,
      level: 'key' as const,
      params: { graceMinutes: 0 },
    };
    const { calendar } = await t.ctx.refs.get();
    const o = { now: new Date(), calendar, batchSize: 500 };
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstInserted!: () => void;
    const inserted = new Promise<void>((r) => {
      firstInserted = r;
    });
    const a = t.ctx.db.transaction(async (tx) => {
      const n = await openBatch(tx, rule, o);
      firstInserted();
      await held; // keep the transaction open while the other one tries the same subjects
      return n;
    });
    await inserted;
    const b = t.ctx.db.transaction((tx) => openBatch(tx, rule, o));
    await new Promise((r) => setTimeout(r, 300));
    release();
    const [na, nb] = await Promise.all([a, b]);
    expect(na).toBe(10);
    expect(nb).toBe(0);
    const rows = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supervision_cases c JOIN orders o ON c.subject_key = 'order:' || o.id
     WHERE c.cause = 'overdue' AND o.title LIKE '并发%'`,
    );
    expect(rows[0]?.n).toBe(10);
  },
);
