import { createHash } from 'node:crypto';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { formatOrderNumber } from '../domain/order-number.ts';
import { addLimit, selectRule } from '../domain/time-limits.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import { AppError, referenceNotFound } from '../platform/errors.ts';
import { appendEvent } from './act-on-order.ts';
import type { OrderRow } from './order-row.ts';
import type { CreateOrderInput } from './schemas.ts';

export interface CreateOrderOptions {
  actor: Actor | null;
  input: CreateOrderInput;
  /** A retried submission with the same key returns the first order instead of a second one. */
  idempotencyKey?: string | undefined;
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
  const scope = actor.apiKeyId !== null ? `key:${actor.apiKeyId}` : `user:${actor.userId}`;
  const requestHash = idempotencyKey ? hashRequest({ ...input, channel }) : '';

  if (idempotencyKey) {
    const replay = await findReplay(ctx, scope, idempotencyKey, requestHash);
    if (replay) return { order: replay, replayed: true };
  }
  try {
    const order = await ctx.db.transaction(async (tx) => {
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
      const [seq] = await tx.query<{ n: number }>("SELECT nextval('order_number_seq') AS n");
      const number = formatOrderNumber(refs.calendar.localDate(now), seq?.n ?? 0);
      const [row] = await tx.query<OrderRow>(
        `INSERT INTO orders (number, channel, request_type, urgency, category_id, title, content, address,
           region_unit_id, longitude, latitude, citizen_name, citizen_phone, state, created_by, api_key_id,
           created_at, updated_at, time_limit_rule_id, dispatch_due_at, next_warning_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending_dispatch', $14, $15, $16, $16, $17, $18, $18)
         RETURNING *`,
        [
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
        ],
      );
      if (!row) throw new AppError('INTERNAL');
      await appendEvent(tx, {
        orderId: row.id,
        seq: 1,
        action: 'create',
        fromState: null,
        toState: 'pending_dispatch',
        actor,
        note: null,
        payload: { channel, timeLimitRuleId: rule.id },
        at: now,
      });
      if (idempotencyKey) {
        const claimed = await tx.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, order_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING key`,
          [scope, idempotencyKey, requestHash, row.id],
        );
        if (claimed.length === 0) throw new LostIdempotencyRace();
      }
      return row;
    });
    return { order, replayed: false };
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
