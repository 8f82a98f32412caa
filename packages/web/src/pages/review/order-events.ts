import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { OrderEvent } from '../../api/types.ts';

/** The order's timeline (shared cache key with the detail page and the dispatch desk). */
export function useTimeline(orderId: number) {
  return useQuery({
    queryKey: ['orders', 'timeline', orderId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders/{id}/timeline', { params: { path: { id: orderId } }, signal })),
  });
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const ids = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];

/** 答复 as the handler submitted it (the `reply` event's payload, see the server's replyToOrder). */
export interface ReplyFacts {
  event: OrderEvent;
  content: string;
  /** The handler's self-check (自查): the citizen was contacted. */
  contactedCitizen: boolean;
  attachmentIds: number[];
  finalReply: { signedBy: string; evidenceAttachmentIds: number[] } | null;
  /** Replied after the handling deadline. */
  late: boolean;
  unitId: number | null;
}

/** The latest reply: the one under review or about to be visited. */
export function latestReply(events: readonly OrderEvent[] | undefined): ReplyFacts | null {
  const event = events?.filter((e) => e.action === 'reply').at(-1);
  if (!event) return null;
  const p = event.payload;
  const final = typeof p.finalReply === 'object' && p.finalReply !== null ? p.finalReply : null;
  return {
    event,
    content: str(p.content) ?? event.note ?? '',
    contactedCitizen: p.contactedCitizen === true,
    attachmentIds: ids(p.attachmentIds),
    finalReply: final
      ? {
          signedBy: str((final as Record<string, unknown>).signedBy) ?? '—',
          evidenceAttachmentIds: ids((final as Record<string, unknown>).evidenceAttachmentIds),
        }
      : null,
    late: p.late === true,
    unitId: typeof p.unitId === 'number' ? p.unitId : event.actorUnitId,
  };
}

export interface Rejection {
  event: OrderEvent;
  level: 'unit' | 'centre' | null;
  reason: string;
}

/** Earlier 审核驳回 decisions on this order, oldest first. */
export function rejections(events: readonly OrderEvent[] | undefined): Rejection[] {
  return (events ?? [])
    .filter((e) => e.action === 'reject_review')
    .map((event) => ({
      event,
      level: event.payload.level === 'unit' || event.payload.level === 'centre' ? event.payload.level : null,
      reason: str(event.payload.reason) ?? event.note ?? '',
    }));
}

export interface ExtensionFacts {
  requested: OrderEvent;
  reason: string;
  requestedDueAt: string | null;
  decision: OrderEvent | null;
}

/** 延期: each request with the decision that followed it (if any). */
export function extensions(events: readonly OrderEvent[] | undefined): ExtensionFacts[] {
  const list: ExtensionFacts[] = [];
  for (const e of events ?? []) {
    if (e.action === 'request_extension') {
      list.push({
        requested: e,
        reason: str(e.payload.reason) ?? e.note ?? '',
        requestedDueAt: str(e.payload.requestedDueAt),
        decision: null,
      });
    } else if (e.action === 'approve_extension' || e.action === 'refuse_extension') {
      const open = list.find((x) => x.decision === null);
      if (open) open.decision = e;
    }
  }
  return list;
}

/** 重办: past visits that re-opened the order, with what the citizen said. */
export function redoVisits(events: readonly OrderEvent[] | undefined): OrderEvent[] {
  return (events ?? []).filter((e) => e.action === 'visit' && e.payload.redo === true);
}
