import type { Actor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { Satisfaction } from '../domain/reference.ts';
import { visitOrder } from '../orders/closing-steps.ts';
import { createOrder } from '../orders/create-order.ts';
import type { OrderRow } from '../orders/order-row.ts';
import type { CreateOrderInput } from '../orders/schemas.ts';
import { notFound } from '../platform/errors.ts';
import { CITIZEN_STATE_LABELS, citizenAnswer, citizenSteps, type TimelineEvent } from './citizen-view.ts';

/** Submissions from the citizens' portal: the website channel, with no account. */
const PORTAL_ACTOR: Actor = {
  userId: null,
  apiKeyId: null,
  name: '市民门户',
  roles: ['citizen'],
  permissions: new Set(['order.create']),
  unitId: null,
  unitPath: null,
  channel: 'website',
};

/** Someone who proved they are the caller (order number and phone match) rates the result online. */
const VERIFIED_CITIZEN: Actor = {
  ...PORTAL_ACTOR,
  name: '市民（网上评价）',
  permissions: new Set(['order.read_all', 'order.visit']),
};

export function submitRequest(
  ctx: Context,
  o: { input: Omit<CreateOrderInput, 'channel'>; idempotencyKey?: string | undefined },
) {
  return createOrder(ctx, {
    actor: PORTAL_ACTOR,
    input: { ...o.input, channel: 'website' },
    idempotencyKey: o.idempotencyKey,
  });
}

/** The order with this number whose caller's phone is `phone`; anything else is the same 404. */
async function orderOfCaller(ctx: Context, number: string, phone: string): Promise<OrderRow> {
  const [order] = await ctx.db.query<OrderRow>('SELECT * FROM orders WHERE number = $1', [number]);
  if (!order || !order.citizen_phone || order.citizen_phone !== phone) throw notFound('order', number);
  return order;
}

export async function trackOrder(ctx: Context, o: { number: string; phone: string }) {
  const order = await orderOfCaller(ctx, o.number, o.phone);
  const refs = await ctx.refs.get();
  const events = (
    await ctx.db.query<{
      action: TimelineEvent['action'];
      to_state: TimelineEvent['toState'];
      payload: Record<string, unknown>;
      created_at: Date;
    }>('SELECT action, to_state, payload, created_at FROM order_events WHERE order_id = $1 ORDER BY seq', [
      order.id,
    ])
  ).map((e) => ({ action: e.action, toState: e.to_state, payload: e.payload, at: e.created_at }));
  const unitName = (id: unknown) => (typeof id === 'number' ? refs.units.get(id)?.name : undefined);
  return {
    number: order.number,
    title: order.title,
    status: CITIZEN_STATE_LABELS[order.state],
    createdAt: order.created_at.toISOString(),
    handleDueAt: order.handle_due_at?.toISOString() ?? null,
    unitName: unitName(order.lead_unit_id) ?? null,
    steps: citizenSteps(events, unitName),
    answer: citizenAnswer(events),
    canRate: order.state === 'visit_pending',
  };
}

export async function rateOrder(
  ctx: Context,
  o: {
    number: string;
    phone: string;
    satisfaction: Satisfaction;
    resolved: boolean;
    comment?: string | undefined;
  },
) {
  const order = await orderOfCaller(ctx, o.number, o.phone);
  await visitOrder(ctx, {
    actor: VERIFIED_CITIZEN,
    orderId: order.id,
    method: 'online',
    satisfaction: o.satisfaction,
    resolved: o.resolved,
    note: o.comment,
  });
  return trackOrder(ctx, o);
}
