import { ORDER_STATE_LABELS, type OrderState } from '../domain/order-lifecycle.ts';
import { maskPhone } from '../domain/permissions.ts';
import type { Channel, RequestType, Satisfaction, Urgency } from '../domain/reference.ts';
import type { Card } from '../domain/time-limit-warnings.ts';
import type { OrderViewT } from './schemas.ts';

/** An `orders` row as the database returns it. */
export interface OrderRow {
  id: number;
  number: string;
  channel: Channel;
  request_type: RequestType;
  urgency: Urgency;
  category_id: number | null;
  title: string;
  content: string;
  address: string | null;
  region_unit_id: number | null;
  longitude: number | null;
  latitude: number | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  state: OrderState;
  version: number;
  lead_unit_id: number | null;
  handling_unit_id: number | null;
  dispatch_count: number;
  redo_count: number;
  return_count: number;
  extension_count: number;
  created_by: number | null;
  api_key_id: number | null;
  created_at: Date;
  updated_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
  time_limit_rule_id: number | null;
  dispatch_due_at: Date | null;
  sign_due_at: Date | null;
  return_due_at: Date | null;
  handle_due_at: Date | null;
  yellow_at: Date | null;
  card: Card;
  next_warning_at: Date | null;
  close_kind: string | null;
  final_reply: boolean;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  merged_into_id: number | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The phone is always masked here; people whose role allows it reveal it through the contact
 * endpoint, which writes an audit entry (PIPL: mask on display, log access).
 */
export function toOrderView(o: OrderRow, assistUnitIds: number[]): OrderViewT {
  return {
    id: o.id,
    number: o.number,
    version: o.version,
    state: o.state,
    stateLabel: ORDER_STATE_LABELS[o.state],
    channel: o.channel,
    requestType: o.request_type,
    urgency: o.urgency,
    categoryId: o.category_id,
    title: o.title,
    content: o.content,
    address: o.address,
    regionUnitId: o.region_unit_id,
    longitude: o.longitude,
    latitude: o.latitude,
    citizenName: o.citizen_name,
    citizenPhone: o.citizen_phone ? maskPhone(o.citizen_phone) : null,
    leadUnitId: o.lead_unit_id,
    handlingUnitId: o.handling_unit_id,
    assistUnitIds,
    dispatchCount: o.dispatch_count,
    redoCount: o.redo_count,
    returnCount: o.return_count,
    extensionCount: o.extension_count,
    card: o.card,
    finalReply: o.final_reply,
    satisfaction: o.satisfaction,
    resolved: o.resolved,
    closeKind: o.close_kind,
    mergedIntoId: o.merged_into_id,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
    dispatchedAt: iso(o.dispatched_at),
    signedAt: iso(o.signed_at),
    repliedAt: iso(o.replied_at),
    closedAt: iso(o.closed_at),
    dispatchDueAt: iso(o.dispatch_due_at),
    signDueAt: iso(o.sign_due_at),
    returnDueAt: iso(o.return_due_at),
    handleDueAt: iso(o.handle_due_at),
    yellowAt: iso(o.yellow_at),
  };
}
