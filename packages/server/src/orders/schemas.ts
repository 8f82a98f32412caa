import { z } from 'zod';
import { ORDER_ACTIONS, ORDER_STATES } from '../domain/order-lifecycle.ts';
import { CHANNELS, REQUEST_TYPES, SATISFACTIONS, URGENCIES } from '../domain/reference.ts';

/** zod schemas are the API contract: they validate requests and responses and feed OpenAPI. */

// Bodies take JSON numbers only; path and query parameters arrive as text and are coerced.
const id = z.number().int().positive().max(2_147_483_647);
const bigId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const idParam = z.coerce.number().int().positive().max(2_147_483_647);
const bigIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);
const note = z.string().trim().max(2000).optional();
/** Optional optimistic check: the step is refused with VERSION_CONFLICT if the order moved on. */
const expectedVersion = z.number().int().positive().optional();

export const OrderIdParams = z.object({ id: bigIdParam });

export const CreateOrderBody = z.object({
  channel: z.enum(CHANNELS),
  requestType: z.enum(REQUEST_TYPES),
  urgency: z.enum(URGENCIES).default('general'),
  categoryId: id.optional(),
  title: text(200),
  content: text(5000),
  address: z.string().trim().max(300).optional(),
  regionUnitId: id.optional(),
  longitude: z.number().min(-180).max(180).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  citizenName: z.string().trim().max(50).optional(),
  citizenPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确')
    .optional(),
});
export type CreateOrderInput = z.infer<typeof CreateOrderBody>;

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
});

export const DirectAnswerBody = z.object({
  answer: text(5000),
  knowledgeEntryId: id.optional(),
  expectedVersion,
});
export const DispatchBody = z.object({
  leadUnitId: id,
  assistUnitIds: z.array(id).max(20).default([]),
  /** 疑难 orders: the coordinating leader may set the handling deadline for this order. */
  handleDueAt: z.coerce.date().optional(),
  note,
  expectedVersion,
});
export const ReassignBody = DispatchBody;
export const SignBody = z.object({ note, expectedVersion });
export const ReturnBody = z.object({
  reason: text(2000),
  evidenceAttachmentIds: z.array(bigId).max(20).default([]),
  expectedVersion,
});
export const RuleOnReturnBody = z.object({ note, expectedVersion });
export const DelegateBody = z.object({ unitId: id, note, expectedVersion });
export const RequestExtensionBody = z.object({
  reason: text(2000),
  requestedDueAt: z.coerce.date(),
  expectedVersion,
});
export const DecideExtensionBody = z.object({ note, expectedVersion });
export const SetDeadlineBody = z.object({ handleDueAt: z.coerce.date(), note, expectedVersion });
export const ReplyBody = z.object({
  content: text(5000),
  /** The handler's self-check (自查): the citizen was contacted, and how. */
  contactedCitizen: z.boolean(),
  attachmentIds: z.array(bigId).max(20).default([]),
  /** 最终答复: signed by the unit's head, with evidence; the same matter is not accepted again. */
  finalReply: z
    .object({ signedBy: text(50), evidenceAttachmentIds: z.array(bigId).min(1).max(20) })
    .optional(),
  expectedVersion,
});
export const ReviewBody = z.object({ note, expectedVersion });
export const RejectReviewBody = z.object({ reason: text(2000), expectedVersion });
export const VisitBody = z.object({
  method: z.enum(['phone', 'sms', 'online']),
  satisfaction: z.enum(SATISFACTIONS),
  resolved: z.boolean(),
  note,
  /** Set to false (with a note) when a dissatisfied citizen's demand is found unreasonable: no redo. */
  redo: z.boolean().optional(),
  expectedVersion,
});
export const CloseBody = z.object({
  reason: z.enum(['unreachable', 'declined_visit']),
  note,
  expectedVersion,
});
export const MergeBody = z.object({ intoOrderId: bigId, note, expectedVersion });
export const WithdrawBody = z.object({ reason: text(2000), expectedVersion });

const iso = z.iso.datetime({ offset: true });

export const OrderView = z.object({
  id: z.number(),
  number: z.string(),
  version: z.number(),
  state: z.enum(ORDER_STATES),
  stateLabel: z.string(),
  channel: z.enum(CHANNELS),
  requestType: z.enum(REQUEST_TYPES),
  urgency: z.enum(URGENCIES),
  categoryId: z.number().nullable(),
  title: z.string(),
  content: z.string(),
  address: z.string().nullable(),
  regionUnitId: z.number().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  citizenName: z.string().nullable(),
  /** Always masked (138****5678); see GET /api/orders/{id}/contact. */
  citizenPhone: z.string().nullable(),
  leadUnitId: z.number().nullable(),
  handlingUnitId: z.number().nullable(),
  assistUnitIds: z.array(z.number()),
  dispatchCount: z.number(),
  redoCount: z.number(),
  returnCount: z.number(),
  extensionCount: z.number(),
  card: z.enum(['none', 'yellow', 'red']),
  finalReply: z.boolean(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  resolved: z.boolean().nullable(),
  closeKind: z.string().nullable(),
  mergedIntoId: z.number().nullable(),
  createdAt: iso,
  updatedAt: iso,
  dispatchedAt: iso.nullable(),
  signedAt: iso.nullable(),
  repliedAt: iso.nullable(),
  closedAt: iso.nullable(),
  dispatchDueAt: iso.nullable(),
  signDueAt: iso.nullable(),
  returnDueAt: iso.nullable(),
  handleDueAt: iso.nullable(),
  yellowAt: iso.nullable(),
});
export type OrderViewT = z.infer<typeof OrderView>;

export const OrderEventView = z.object({
  seq: z.number(),
  action: z.string(),
  actionLabel: z.string(),
  fromState: z.enum(ORDER_STATES).nullable(),
  toState: z.enum(ORDER_STATES),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorUnitId: z.number().nullable(),
  note: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: iso,
});

/** Work-queue filters shared by the order list and the queue counts. */
const QueueFilterQuery = z.object({
  /** pending: only orders whose extension request awaits the centre's decision (延期审批中). */
  extension: z.enum(['pending']).optional(),
  /** true: only orders being redone (重办) — reply rejected in review, or re-opened after a visit; false: the others. */
  redo: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const ListOrdersQuery = z.object({
  state: z.enum(ORDER_STATES).optional(),
  handlingUnitId: idParam.optional(),
  card: z.enum(['yellow', 'red']).optional(),
  citizenPhone: z.string().max(20).optional(),
  /** newest: created first; deadline: the state's work queue, most pressing deadline first (needs state). */
  sort: z.enum(['newest', 'deadline']).default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  ...QueueFilterQuery.shape,
});

/** GET /api/orders/queue-counts: comma-separated states, e.g. `dispatched,handling`. */
export const QueueCountsQuery = z.object({
  states: z
    .string()
    .max(300)
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(ORDER_STATES)).min(1).max(ORDER_STATES.length)),
  handlingUnitId: idParam.optional(),
  ...QueueFilterQuery.shape,
});

export const QueueCounts = z.object({
  /** Orders per requested state inside the caller's data scope, each at most `cap`. */
  counts: z.partialRecord(z.enum(ORDER_STATES), z.number().int().min(0)),
  /** True when at least one count reached `cap` (show it as "10000+"). */
  capped: z.boolean(),
  cap: z.number().int(),
});

export const OrderPage = z.object({ items: z.array(OrderView), nextCursor: z.string().nullable() });

export const ActionName = z.enum(ORDER_ACTIONS);
