import { createHash } from 'node:crypto';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { autoDispatchNewOrder, suggestForNewOrder, suggestionRecord } from '../dispatch/suggestions.ts';
import { formatOrderNumber } from '../domain/order-number.ts';
import { addLimit, selectRule } from '../domain/time-limits.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Db, Queryable } from '../platform/db.ts';
import { AppError, referenceNotFound } from '../platform/errors.ts';
import { EVENT_COLUMNS, eventValues } from './act-on-order.ts';
import type { OrderRow } from './order-row.ts';
import type { CreateOrderInput } from './schemas.ts';

export interface CreateOrderOptions {
  actor: Actor | null;
  input: CreateOrderInput;
  /** A retried submission with the same key returns the first order instead of a second one. */
  idempotencyKey?: string | undefined;
  /** Work that must commit with the new order or not at all (e.g. claiming uploaded photos). */
  withOrder?: ((tx: Queryable, order: OrderRow) => Promise<void>) | undefined;
}

/** Thrown inside the transaction when a concurrent request with the same key committed first. */
class LostIdempotencyRace extends Error {}

/** 受理: records a request from any channel as a work order waiting for dispatch. */
export async function createOrder(
  ctx: Context,
  o: CreateOrderOptions,
): Promise<{ order: OrderRow; replayed: boolean }> {
  const actor = requirePermission(o.actor, 'order.create');
  const { input, idempotencyKey } = o;
  const refs = await ctx.refs.get();
  checkReferences(refs, input);
  // A channel integration speaks for its own channel only.
  const channel = actor.channel ?? input.channel;
  // Keys are per integration, per signed-in user, or per caller for anonymous portal submissions.
  const scope =
    actor.apiKeyId !== null
      ? `key:${actor.apiKeyId}`
      : actor.userId !== null
        ? `user:${actor.userId}`
        : `anon:${input.citizenPhone ?? ''}`;
  const requestHash = idempotencyKey ? hashRequest({ ...input, channel }) : '';

  if (idempotencyKey) {
    const replay = await findReplay(ctx, scope, idempotencyKey, requestHash);
    if (replay) return { order: replay, replayed: true };
  }
  const now = ctx.now();
  const category = input.categoryId ? refs.categories.get(input.categoryId) : undefined;
  const rule = selectRule(
    refs.rules,
    {
      requestType: input.requestType,
      urgency: input.urgency,
      categoryPath: category?.pathIds ?? [],
      at: now,
    },
    refs.calendar,
  );
  const dispatchDueAt = addLimit(now, rule.dispatchLimit, refs.calendar);
  const number = formatOrderNumber(refs.calendar.localDate(now), await nextOrderSequence(ctx.db));
  const orderValues = [
    number,
    channel,
    input.requestType,
    input.urgency,
    input.categoryId ?? null,
    input.title,
    input.content,
    input.address ?? null,
    input.regionUnitId ?? null,
    input.longitude ?? null,
    input.latitude ?? null,
    input.citizenName ?? null,
    input.citizenPhone ?? null,
    actor.userId,
    actor.apiKeyId,
    now,
    rule.id,
    dispatchDueAt,
  ];
  // 智能派单 reads the request before it is stored, so that its suggestions are recorded by the same
  // statement (dispatching, when they qualify, needs the committed order and follows it).
  const suggested = await suggestForNewOrder(ctx, {
    title: input.title,
    content: input.content,
    address: input.address ?? null,
    category_id: input.categoryId ?? null,
    region_unit_id: input.regionUnitId ?? null,
    longitude: input.longitude ?? null,
    latitude: input.latitude ?? null,
    created_at: now,
  });
  const record = suggested ? suggestionRecord(suggested, now) : null;
  // The order row, its first timeline event and the suggestions in one statement: atomic without a
  // transaction, and one round trip on the busiest path of the system.
  const event = eventValues({
    orderId: 0,
    seq: 1,
    action: 'create',
    fromState: null,
    toState: 'pending_dispatch',
    actor,
    note: null,
    payload: { channel, timeLimitRuleId: rule.id },
    at: now,
  }).slice(1);
  const params = [...orderValues, ...event];
  const first = params.length + 1;
  const suggestions = record
    ? `, s AS (INSERT INTO dispatch_suggestions (order_id, ${record.columns})
         SELECT o.id, ${record.values.map((_, i) => `$${first + i}`).join(', ')} FROM o)`
    : '';
  const insert = (q: Queryable) =>
    q.query<OrderRow>(
      `WITH o AS (
         INSERT INTO orders (number, channel, request_type, urgency, category_id, title, content, address,
           region_unit_id, longitude, latitude, citizen_name, citizen_phone, state, created_by, api_key_id,
           created_at, updated_at, time_limit_rule_id, dispatch_due_at, next_warning_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending_dispatch', $14, $15, $16, $16, $17, $18, $18)
         RETURNING *),
       e AS (INSERT INTO order_events (${EVENT_COLUMNS})
         SELECT o.id, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28 FROM o)${suggestions}
       SELECT * FROM o`,
      [...params, ...(record?.values ?? [])],
    );

  if (!idempotencyKey && !o.withOrder) {
    const [order] = await insert(ctx.db);
    if (!order) throw new AppError('INTERNAL');
    return { order: await autoDispatchNewOrder(ctx, order, suggested), replayed: false };
  }
  try {
    const order = await ctx.db.transaction(async (tx) => {
      const [row] = await insert(tx);
      if (!row) throw new AppError('INTERNAL');
      await o.withOrder?.(tx, row);
      if (!idempotencyKey) return row;
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, order_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING key`,
        [scope, idempotencyKey, requestHash, row.id],
      );
      if (claimed.length === 0) throw new LostIdempotencyRace();
      return row;
    });
    return { order: await autoDispatchNewOrder(ctx, order, suggested), replayed: false };
  } catch (err) {
    if (!(err instanceof LostIdempotencyRace) || !idempotencyKey) throw err;
    const replay = await findReplay(ctx, scope, idempotencyKey, requestHash);
    if (!replay) throw err;
    return { order: replay, replayed: true };
  }
}

async function findReplay(ctx: Context, scope: string, key: string, requestHash: string) {
  const [hit] = await ctx.db.query<OrderRow & { request_hash: string }>(
    `SELECT o.*, k.request_hash FROM idempotency_keys k JOIN orders o ON o.id = k.order_id
     WHERE k.scope = $1 AND k.key = $2`,
    [scope, key],
  );
  if (!hit) return undefined;
  if (hit.request_hash !== requestHash)
    throw new AppError('IDEMPOTENCY_KEY_REUSED', { field: 'Idempotency-Key' });
  const { request_hash: _, ...order } = hit;
  return order as OrderRow;
}

function checkReferences(refs: ReferenceSnapshot, input: CreateOrderInput) {
  if (input.categoryId !== undefined && !refs.categories.get(input.categoryId)?.active) {
    throw referenceNotFound('categoryId', input.categoryId);
  }
  if (input.regionUnitId !== undefined && !refs.units.get(input.regionUnitId)?.active) {
    throw referenceNotFound('regionUnitId', input.regionUnitId);
  }
}

const hashRequest = (input: object) =>
  createHash('sha256')
    .update(JSON.stringify(input, Object.keys(input).sort()))
    .digest('hex');

/**
 * Sequence values for order numbers, fetched a hundred at a time per process (as PostgreSQL's own
 * sequence CACHE does per session), so numbering costs a round trip per hundred orders.
 */
const sequenceBlocks = new WeakMap<Db, { values: number[]; refill: Promise<void> | undefined }>();
const SEQUENCE_BLOCK = 100;

async function nextOrderSequence(db: Db): Promise<number> {
  let block = sequenceBlocks.get(db);
  if (!block) {
    block = { values: [], refill: undefined };
    sequenceBlocks.set(db, block);
  }
  while (block.values.length === 0) {
    block.refill ??= db
      .query<{ n: number }>("SELECT nextval('order_number_seq') AS n FROM generate_series(1, $1)", [
        SEQUENCE_BLOCK,
      ])
      .then((rows) => {
        block.values.push(...rows.map((r) => r.n));
      })
      .finally(() => {
        block.refill = undefined;
      });
    await block.refill;
  }
  return block.values.shift() as number;
}
