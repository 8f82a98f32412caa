import type { Actor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { isOpen, ORDER_STATE_LABELS, ORDER_STATES, type OrderState } from '../domain/order-lifecycle.ts';
import type { Channel, RequestType } from '../domain/reference.ts';
import { createOrder } from '../orders/create-order.ts';
import { CreateOrderBody, type CreateOrderInput } from '../orders/schemas.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import { badRequest, invalidApiKey, Open311Error } from './errors.ts';
import {
  formatLocal,
  formatW3c,
  mediaUrl,
  normalisePhone,
  number,
  parseW3c,
  personName,
  redactPersonalData,
  splitMedia,
  text,
  titleFrom,
  withMedia,
} from './fields.ts';
import type { CreatedRequestT, ServiceRequestT } from './schemas.ts';
import { findCategory, findOfferedCategory, serviceCodeOf } from './services.ts';

/** The channel Open311 keys must be issued for: every order taken here is recorded under it. */
export const OPEN311_CHANNEL: Channel = 'open311';

/**
 * 诉求类型 of an Open311 request. GeoReport services are reports of a problem the city should fix
 * (a pothole, a broken street light, a blocked drain) and ask for action: that is 求助 help, not
 * 咨询 (a question), 投诉 (a grievance against someone's conduct) or 举报 (an accusation).
 */
export const OPEN311_REQUEST_TYPE: RequestType = 'help';

/** GeoReport defaults for GET requests: at most 90 days and 1000 requests, whichever is smaller. */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;

/**
 * 举报 reports (accusations against a person or company) are confidential: their text and address
 * could identify the whistle-blower, so they never appear in the public feed.
 */
const HIDDEN_REQUEST_TYPES: readonly RequestType[] = ['report'];

const DESCRIPTION_MAX = 4000;

/** GeoReport field names of Jiesu's order fields, for error descriptions. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: 'description',
  content: 'description',
  address: 'address_string',
  latitude: 'lat',
  longitude: 'long',
  citizenName: 'first_name/last_name',
  citizenPhone: 'phone',
  categoryId: 'service_code',
};

/** Resolves the key of a POST: the body's api_key (the spec's place) or the X-Api-Key header. */
export async function open311Actor(ctx: Context, key: string | undefined): Promise<Actor> {
  if (!key) throw invalidApiKey('api_key 缺失：请在请求体 api_key 或 X-Api-Key 头中提供');
  const actor = await ctx.sessions.fromApiKey(key);
  if (!actor) throw invalidApiKey('api_key 无效或已停用');
  if (actor.channel !== OPEN311_CHANNEL) throw invalidApiKey('该 api_key 不是为 open311 渠道签发的');
  return actor;
}

/** The GeoReport POST fields as an order to create, or a 400 naming the first bad field. */
export function toCreateOrderInput(
  refs: ReferenceSnapshot,
  body: Record<string, unknown>,
): { input: CreateOrderInput; accountId: string | null } {
  const serviceCode = text(body.service_code);
  if (!serviceCode) throw badRequest('service_code', '必填，见 GET services');
  const category = findOfferedCategory(refs, serviceCode);
  if (!category) throw badRequest('service_code', `服务 ${serviceCode} 不存在或已停用`);

  const lat = number('lat', body.lat, -90, 90);
  const long = number('long', body.long, -180, 180);
  if ((lat === undefined) !== (long === undefined)) {
    throw badRequest(lat === undefined ? 'lat' : 'long', 'lat 与 long 须同时提供');
  }
  const address = text(body.address_string);
  if (lat === undefined && !address) {
    throw badRequest('lat/long or address_string', '须提供位置：lat 与 long，或 address_string');
  }

  const description = text(body.description);
  if (description && Array.from(description).length > DESCRIPTION_MAX) {
    throw badRequest('description', `最长 ${DESCRIPTION_MAX} 字`);
  }
  const email = text(body.email);
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) {
    throw badRequest('email', '邮箱格式不正确');
  }
  for (const field of ['device_id', 'account_id'] as const) {
    if ((text(body[field])?.length ?? 0) > 200) throw badRequest(field, '最长 200 字符');
  }
  const phone = text(body.phone);
  // Without a description the service itself is the request (the spec makes description optional).
  const content = description ?? `${category.name}（提交时未填写描述）`;

  const parsed = CreateOrderBody.safeParse({
    channel: OPEN311_CHANNEL,
    requestType: OPEN311_REQUEST_TYPE,
    urgency: 'general',
    categoryId: category.id,
    title: titleFrom(content),
    content: withMedia(content, mediaUrl(body.media_url)),
    address,
    latitude: lat,
    longitude: long,
    citizenName: personName(text(body.first_name), text(body.last_name)),
    citizenPhone: phone === undefined ? undefined : normalisePhone(phone),
  } satisfies Partial<Record<keyof CreateOrderInput, unknown>>);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? 'request');
    throw badRequest(FIELD_NAMES[key] ?? key, issue?.message ?? '有误');
  }
  return { input: parsed.data, accountId: text(body.account_id) ?? null };
}

/** POST requests: 受理 as a work order, synchronously, so the order number is returned at once. */
export async function submitRequest(
  ctx: Context,
  o: { actor: Actor; body: Record<string, unknown>; idempotencyKey: string | undefined },
): Promise<{ created: CreatedRequestT; replayed: boolean }> {
  const refs = await ctx.refs.get();
  const { input, accountId } = toCreateOrderInput(refs, o.body);
  const { order, replayed } = await createOrder(ctx, {
    actor: o.actor,
    input,
    idempotencyKey: o.idempotencyKey,
  });
  const offset = refs.calendar.utcOffsetMinutes;
  const due = order.dispatch_due_at
    ? `，热线中心将于 ${formatLocal(order.dispatch_due_at, offset)} 前派单`
    : '';
  return {
    created: {
      service_request_id: order.number,
      service_notice: `已受理，工单号 ${order.number}${due}。可凭工单号查询办理进度。`,
      account_id: accountId,
    },
    replayed,
  };
}

/** The columns the public feed may read: no name, no phone, no creator. */
interface PublicOrderRow {
  id: number;
  number: string;
  state: OrderState;
  channel: Channel;
  category_id: number | null;
  content: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  lead_unit_id: number | null;
  created_at: Date;
  updated_at: Date;
  handle_due_at: Date | null;
  dispatch_due_at: Date | null;
}

const PUBLIC_COLUMNS = `id, number, state, channel, category_id, content, address, latitude, longitude, lead_unit_id,
  created_at, updated_at, handle_due_at, dispatch_due_at`;

/**
 * An order as a GeoReport service request. status: closed, merged and withdrawn orders are
 * 'closed', everything else 'open'; expected_datetime is the handling deadline (办理时限), or the
 * dispatch deadline while no unit has the order yet.
 */
export function toServiceRequest(refs: ReferenceSnapshot, o: PublicOrderRow): ServiceRequestT {
  const offset = refs.calendar.utcOffsetMinutes;
  const category = o.category_id === null ? undefined : refs.categories.get(o.category_id);
  const open = isOpen(o.state);
  const expected = o.handle_due_at ?? o.dispatch_due_at;
  const { description, mediaUrl } =
    o.channel === OPEN311_CHANNEL ? splitMedia(o.content) : { description: o.content, mediaUrl: null };
  let notice: string | null = null;
  if (open && o.handle_due_at) notice = `承办单位应于 ${formatLocal(o.handle_due_at, offset)} 前办结`;
  else if (open && o.dispatch_due_at)
    notice = `热线中心应于 ${formatLocal(o.dispatch_due_at, offset)} 前派单`;
  return {
    service_request_id: o.number,
    status: open ? 'open' : 'closed',
    status_notes: ORDER_STATE_LABELS[o.state],
    service_name: category?.name ?? null,
    service_code: category ? serviceCodeOf(category) : null,
    description: redactPersonalData(description),
    agency_responsible: o.lead_unit_id === null ? null : (refs.units.get(o.lead_unit_id)?.name ?? null),
    service_notice: notice,
    requested_datetime: formatW3c(o.created_at, offset),
    updated_datetime: formatW3c(o.updated_at, offset),
    expected_datetime: expected ? formatW3c(expected, offset) : null,
    address: o.address === null ? null : redactPersonalData(o.address),
    address_id: null,
    zipcode: null,
    lat: o.latitude,
    long: o.longitude,
    media_url: mediaUrl,
  };
}

export interface ListRequestsFilter {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const OPEN_STATES = ORDER_STATES.filter(isOpen);
const CLOSED_STATES = ORDER_STATES.filter((s) => !isOpen(s));

/**
 * GET requests, newest first. With service_request_id the other filters are ignored (as the spec
 * says); otherwise the window is [start_date, end_date], at most 90 days, defaulting to the 90 days
 * up to now, and at most 1000 requests. The query walks orders_created_idx (or the state index)
 * backwards from end_date: a client that needs more pages repeats the call with end_date set to the
 * oldest requested_datetime it got (keyset paging; drop the duplicates at the boundary by id).
 */
export async function listRequests(ctx: Context, f: ListRequestsFilter): Promise<ServiceRequestT[]> {
  const refs = await ctx.refs.get();
  const where = ['NOT (request_type = ANY($1))'];
  const params: unknown[] = [HIDDEN_REQUEST_TYPES];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };

  const numbers = list(f.service_request_id);
  if (numbers.length > MAX_RESULTS) throw badRequest('service_request_id', `最多 ${MAX_RESULTS} 个`);
  if (numbers.length > 0) {
    add((p) => `number = ANY(${p})`, numbers);
  } else {
    const { start, end } = timeWindow(ctx, refs, f);
    add((p) => `created_at >= ${p}`, start);
    add((p) => `created_at <= ${p}`, end);
    const states = statesOf(f.status);
    if (states) add((p) => `state = ANY(${p})`, states);
    const codes = list(f.service_code);
    if (codes.length > 0) {
      const ids = codes.flatMap((c) => findCategory(refs, c)?.id ?? []);
      if (ids.length === 0) return [];
      add((p) => `category_id = ANY(${p})`, ids);
    }
  }
  params.push(MAX_RESULTS);
  const rows = await ctx.db.query<PublicOrderRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM orders WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => toServiceRequest(refs, r));
}

function timeWindow(ctx: Context, refs: ReferenceSnapshot, f: ListRequestsFilter) {
  const offset = refs.calendar.utcOffsetMinutes;
  const span = MAX_SPAN_DAYS * DAY_MS;
  const givenStart = f.start_date ? parseW3c('start_date', f.start_date, offset) : undefined;
  const givenEnd = f.end_date ? parseW3c('end_date', f.end_date, offset, true) : undefined;
  const end = givenEnd ?? (givenStart ? new Date(givenStart.getTime() + span) : ctx.now());
  const start = givenStart ?? new Date(end.getTime() - span);
  if (start > end) throw badRequest('start_date', '不能晚于 end_date');
  if (end.getTime() - start.getTime() > span) {
    throw badRequest('start_date/end_date', `跨度不能超过 ${MAX_SPAN_DAYS} 天`);
  }
  return { start, end };
}

function statesOf(status: string | undefined): OrderState[] | undefined {
  const wanted = list(status);
  const bad = wanted.find((s) => s !== 'open' && s !== 'closed');
  if (bad !== undefined) throw badRequest('status', `只能是 open 或 closed，收到 ${bad}`);
  const open = wanted.includes('open');
  const closed = wanted.includes('closed');
  if (open === closed) return undefined;
  return open ? OPEN_STATES : CLOSED_STATES;
}

/** One order by its number (service_request_id), unless it is hidden from the public. */
export async function findRequest(
  ctx: Context,
  serviceRequestId: string,
): Promise<ServiceRequestT | undefined> {
  const refs = await ctx.refs.get();
  const [row] = await ctx.db.query<PublicOrderRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM orders WHERE number = $1 AND NOT (request_type = ANY($2))`,
    [serviceRequestId, HIDDEN_REQUEST_TYPES],
  );
  return row && toServiceRequest(refs, row);
}

/** GET requests/{id}: one order by its number, or 404. */
export async function getRequest(ctx: Context, serviceRequestId: string): Promise<ServiceRequestT> {
  const found = await findRequest(ctx, serviceRequestId);
  if (!found) throw new Open311Error(404, `service_request_id: 工单 ${serviceRequestId} 不存在`);
  return found;
}
