/**
 * Dispatch models learnt from handled orders, versioned in the database: `lead_unit` (the final lead
 * unit of closed orders, after any reassignment) and `category`. Trained on demand or nightly (one
 * process at a time, under an advisory lock), loaded lazily per process and replaced when a newer
 * version appears.
 */

import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { Db, Queryable } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { startPeriodic } from '../platform/periodic.ts';
import { type Item, TextClassifier } from './model/classifier.ts';
import { evaluate } from './model/metrics.ts';
import { deserialiseClassifier, serialiseClassifier } from './model/serialise.ts';
import { gazetteerFor } from './regions.ts';

export const MODEL_KINDS = ['lead_unit', 'category'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Fewer handled orders than this (or fewer than two labels) and no model is trained. */
export const MIN_TRAINING_ORDERS = 30;
/** The newest closed orders used for training: enough to learn, bounded in time and memory. */
const MAX_TRAINING_ORDERS = 50_000;
const RETRAIN_LOCK = 72712360;

export interface ModelEvaluation {
  /** Held-out orders (every fifth by id). */
  heldOut: number;
  accuracy: number | null;
  macroF1: number | null;
  /** Share of held-out orders whose top probability reaches 0.9, and accuracy on them. */
  coverageAt90: number | null;
  accuracyAt90: number | null;
  labels: number;
}

export interface ModelInfo {
  kind: ModelKind;
  version: number;
  trainedAt: string;
  sampleCount: number;
  evaluation: ModelEvaluation;
}

/** An order's text as the models read it: title, detail, address. */
export const orderItem = (o: { title: string; content: string; address?: string | null }): Item => [
  o.title,
  o.content,
  o.address ?? '',
];

interface TrainingRow {
  id: number;
  title: string;
  content: string;
  address: string | null;
  label: string;
}

async function trainingRows(q: Queryable, kind: ModelKind): Promise<TrainingRow[]> {
  const label = kind === 'lead_unit' ? 'lead_unit_id' : 'category_id';
  return q.query<TrainingRow>(
    `SELECT id, title, content, address, ${label}::text AS label FROM orders
      WHERE state = 'closed' AND ${label} IS NOT NULL AND merged_into_id IS NULL
        AND (close_kind IS NULL OR close_kind <> 'direct_answer' OR $1 = 'category')
      ORDER BY closed_at DESC NULLS LAST, id DESC LIMIT ${MAX_TRAINING_ORDERS}`,
    [kind],
  );
}

function fit(rows: readonly TrainingRow[], userWords: readonly string[]): TextClassifier {
  return TextClassifier.train(
    rows.map(orderItem),
    rows.map((r) => r.label),
    { userWords, calibrationShare: rows.length >= 200 ? 0.1 : 0 },
  );
}

function evaluateHoldOut(rows: readonly TrainingRow[], userWords: readonly string[]): ModelEvaluation {
  const test = rows.filter((r) => r.id % 5 === 0);
  const train = rows.filter((r) => r.id % 5 !== 0);
  const labels = new Set(rows.map((r) => r.label)).size;
  const empty = {
    heldOut: test.length,
    accuracy: null,
    macroF1: null,
    coverageAt90: null,
    accuracyAt90: null,
    labels,
  };
  if (test.length === 0 || new Set(train.map((r) => r.label)).size < 2) return empty;
  const model = fit(train, userWords);
  const predicted: string[] = [];
  let confident = 0;
  let confidentRight = 0;
  for (const r of test) {
    const top = model.classify(orderItem(r), 1, 0).top[0];
    predicted.push(top?.label ?? '');
    if (top && top.probability >= 0.9) {
      confident++;
      if (top.label === r.label) confidentRight++;
    }
  }
  const e = evaluate(
    test.map((r) => r.label),
    predicted,
  );
  return {
    heldOut: test.length,
    accuracy: e.accuracy,
    macroF1: e.macro_f1,
    coverageAt90: confident / test.length,
    accuracyAt90: confident ? confidentRight / confident : null,
    labels,
  };
}

async function trainKind(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
  q: Queryable,
  kind: ModelKind,
): Promise<ModelInfo | null> {
  const rows = await trainingRows(q, kind);
  if (rows.length < MIN_TRAINING_ORDERS || new Set(rows.map((r) => r.label)).size < 2) return null;
  const userWords = (await gazetteerFor(ctx.db, await ctx.refs.get())).words();
  const evaluation = evaluateHoldOut(rows, userWords);
  const model = fit(rows, userWords);
  const trainedAt = ctx.now();
  const [row] = await q.query<{ version: number }>(
    `INSERT INTO dispatch_models (kind, version, trained_at, sample_count, evaluation, model)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM dispatch_models WHERE kind = $1
     RETURNING version`,
    [kind, trainedAt, rows.length, JSON.stringify(evaluation), JSON.stringify(serialiseClassifier(model))],
  );
  return {
    kind,
    version: row?.version ?? 0,
    trainedAt: trainedAt.toISOString(),
    sampleCount: rows.length,
    evaluation,
  };
}

/**
 * Trains every model kind from the handled orders. On PostgreSQL one process at a time holds the
 * advisory lock; another process asking meanwhile gets `skipped: true`.
 */
export async function retrainModels(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
): Promise<{ skipped: boolean; models: ModelInfo[] }> {
  const run = async (q: Queryable) => {
    const models: ModelInfo[] = [];
    for (const kind of MODEL_KINDS) {
      const info = await trainKind(ctx, q, kind);
      if (info) models.push(info);
    }
    return models;
  };
  // Embedded PGlite is one process: no lock needed, and no long transaction blocking requests.
  const result =
    ctx.db.kind === 'pglite'
      ? { skipped: false, models: await run(ctx.db) }
      : await ctx.db.transaction(async (tx) => {
          const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [
            RETRAIN_LOCK,
          ]);
          if (!lock?.got) return { skipped: true, models: [] };
          return { skipped: false, models: await run(tx) };
        });
  modelStore(ctx.db).invalidate();
  return result;
}

export async function retrainModelsAsAdmin(ctx: Context, actor: Actor | null) {
  const a = requirePermission(actor, 'dispatch_catalogue.manage');
  const result = await retrainModels(ctx);
  await recordAudit(ctx.db, {
    actor: a,
    action: 'dispatch_models.retrain',
    details: { versions: result.models.map((m) => `${m.kind}:${m.version}`), skipped: result.skipped },
  });
  if (result.skipped)
    throw new AppError('ALREADY_EXISTS', { field: 'retrain' }, '另一个进程正在训练模型，请稍后再试');
  return result;
}

export async function listModels(ctx: Context, actor: Actor | null): Promise<{ items: ModelInfo[] }> {
  requirePermission(actor, 'dispatch_catalogue.manage');
  const rows = await ctx.db.query<{
    kind: ModelKind;
    version: number;
    trained_at: Date;
    sample_count: number;
    evaluation: ModelEvaluation;
  }>(
    `SELECT kind, version, trained_at, sample_count, evaluation FROM dispatch_models
      ORDER BY trained_at DESC, id DESC LIMIT 20`,
  );
  return {
    items: rows.map((r) => ({
      kind: r.kind,
      version: r.version,
      trainedAt: new Date(r.trained_at).toISOString(),
      sampleCount: r.sample_count,
      evaluation: r.evaluation,
    })),
  };
}

// ── per-process model cache ──────────────────────────────────────────────────────────────────

/** How often a process asks whether a newer model version exists. */
const CHECK_EVERY_MS = 60_000;

interface Loaded {
  version: number;
  classifier: TextClassifier;
}

class ModelStore {
  private loaded = new Map<ModelKind, Loaded | null>();
  private checkedAt = new Map<ModelKind, number>();
  private loading = new Map<ModelKind, Promise<Loaded | null>>();

  constructor(private readonly db: Db) {}

  async get(kind: ModelKind): Promise<Loaded | null> {
    const checked = this.checkedAt.get(kind);
    if (checked !== undefined && Date.now() - checked < CHECK_EVERY_MS) return this.loaded.get(kind) ?? null;
    let p = this.loading.get(kind);
    if (!p) {
      p = this.refresh(kind).finally(() => this.loading.delete(kind));
      this.loading.set(kind, p);
    }
    return p;
  }

  /** Forget what was checked (after training in this process). */
  invalidate() {
    this.checkedAt.clear();
  }

  private async refresh(kind: ModelKind): Promise<Loaded | null> {
    const [latest] = await this.db.query<{ version: number }>(
      'SELECT MAX(version) AS version FROM dispatch_models WHERE kind = $1',
      [kind],
    );
    const version = latest?.version ?? null;
    const current = this.loaded.get(kind) ?? null;
    if (version === null) {
      this.loaded.set(kind, null);
    } else if (!current || current.version !== version) {
      const [row] = await this.db.query<{ model: unknown }>(
        'SELECT model FROM dispatch_models WHERE kind = $1 AND version = $2',
        [kind, version],
      );
      this.loaded.set(kind, row ? { version, classifier: deserialiseClassifier(row.model) } : null);
    }
    this.checkedAt.set(kind, Date.now());
    return this.loaded.get(kind) ?? null;
  }
}

const stores = new WeakMap<Db, ModelStore>();

/** This process's cache of the newest models of a database. */
export function modelStore(db: Db): ModelStore {
  let s = stores.get(db);
  if (!s) {
    s = new ModelStore(db);
    stores.set(db, s);
  }
  return s;
}

// ── nightly retraining ───────────────────────────────────────────────────────────────────────

/** Milliseconds from `now` to the next `hour`:00 China Standard Time. */
export function msUntilLocalHour(now: Date, hour: number): number {
  const cst = new Date(now.getTime() + 8 * 3_600_000);
  const next = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate(), hour) - 8 * 3_600_000;
  const at = next > now.getTime() ? next : next + 86_400_000;
  return at - now.getTime();
}

/**
 * Retrains every night at `hour` (China Standard Time, default 02:00). Every process runs the timer;
 * the advisory lock lets one of them train, and a process that finds a model trained in the last
 * 12 hours leaves it. Returns a stop function.
 */
export function startRetrainJob(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
  o: { hour?: number; log: (msg: string, err?: unknown) => void },
): () => Promise<void> {
  return startPeriodic({
    name: '派单模型训练',
    run: async () => {
      const [recent] = await ctx.db.query<{ fresh: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM dispatch_models WHERE trained_at > $1) AS fresh`,
        [new Date(ctx.now().getTime() - 12 * 3_600_000)],
      );
      if (recent?.fresh) return;
      const r = await retrainModels(ctx);
      if (!r.skipped)
        o.log(
          `派单模型已重新训练：${r.models.map((m) => `${m.kind} v${m.version}`).join('，') || '样本不足'}`,
        );
    },
    every: (now) => msUntilLocalHour(now, o.hour ?? 2),
    runAtStart: false,
    log: o.log,
  });
}
