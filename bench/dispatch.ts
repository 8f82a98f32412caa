/**
 * The lead-unit and category models on the demo city: seeds 临江市 with N orders in an in-memory
 * PGlite, trains as the seed does, and prints each model's evaluation on every fifth closed order
 * held out (accuracy, and the share and accuracy of predictions at confidence ≥ 0.9 — what
 * auto-dispatch at threshold 0.9 would send). The demo orders come from templates: these figures
 * show the machinery works end to end, not how it does on a real city's orders.
 *
 *   npm run bench:dispatch -- [--orders 600]
 *
 * The last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../packages/server/src/app.ts';
import { prepareDatabase } from '../packages/server/src/database.ts';
import { seedDemoCity } from '../packages/server/src/demo/seed-demo-city.ts';
import { openPglite } from '../packages/server/src/platform/db.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '600' } } });
const db = await openPglite();
await prepareDatabase(db);
const { app, ctx } = await buildApp({ db, logLevel: 'silent' });
const started = performance.now();
await seedDemoCity(ctx, { orders: Number(values.orders), log: (l) => console.error(l) });
const models = await db.query<{
  kind: string;
  sample_count: number;
  evaluation: Record<string, number | null>;
}>('SELECT kind, sample_count, evaluation FROM dispatch_models ORDER BY kind');
await app.close();
await db.close();
const out: Record<string, unknown> = {
  orders: Number(values.orders),
  seed_s: Math.round((performance.now() - started) / 100) / 10,
};
for (const m of models) {
  const e = m.evaluation;
  const r = (x: number | null | undefined) => (x == null ? null : Math.round(x * 1000) / 1000);
  out[m.kind] = {
    training_orders: m.sample_count,
    labels: e.labels,
    held_out: e.heldOut,
    accuracy: r(e.accuracy),
    macro_f1: r(e.macroF1),
    coverage_at_0_9: r(e.coverageAt90),
    accuracy_at_0_9: r(e.accuracyAt90),
  };
}
console.log(JSON.stringify(out));
