import { storeAttachment } from '../attachments/attachments.ts';
import type { Actor } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import type { Context } from '../context.ts';
import type { Satisfaction } from '../domain/reference.ts';
import { visitOrder } from '../orders/closing-steps.ts';
import { createOrder } from '../orders/create-order.ts';
import type { OrderRow } from '../orders/order-row.ts';
import type { CreateOrderInput } from '../orders/schemas.ts';
import { AppError, notFound } from '../platform/errors.ts';
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

/** Photos only: the portal is public, so documents and recordings come through staff. */
const PORTAL_PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** A photo uploaded before the request is sent; the returned token, not the id, claims it. */
export async function uploadPortalPhoto(ctx: Context, o: { fileName: string; content: Buffer }) {
  const token = newToken(24);
  const stored = await storeAttachment(ctx, {
    actor: PORTAL_ACTOR,
    fileName: o.fileName,
    content: o.content,
    allowedTypes: PORTAL_PHOTO_TYPES,
    uploadTokenHash: hashToken(token),
  });
  return { token, fileName: stored.fileName, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes };
}

export function submitRequest(
  ctx: Context,
  o: {
    input: Omit<CreateOrderInput, 'channel'>;
    photoTokens?: readonly string[] | undefined;
    idempotencyKey?: string | undefined;
  },
) {
  const hashes = [...new Set(o.photoTokens ?? [])].map(hashToken);
  return createOrder(ctx, {
    actor: PORTAL_ACTOR,
    input: { ...o.input, channel: 'website' },
    idempotencyKey: o.idempotencyKey,
    withOrder:
      hashes.length === 0
        ? undefined
        : async (tx, order) => {
            const claimed = await tx.query(
              `UPDATE attachments SET order_id = $1
               WHERE upload_token_hash = ANY($2) AND order_id IS NULL RETURNING id`,
              [order.id, hashes],
            );
            if (claimed.length !== hashes.length) {
              throw new AppError(
                'REFERENCE_NOT_FOUND',
                { field: 'photoTokens' },
                '照片已失效或已被使用，请重新上传',
              );
            }
          },
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
