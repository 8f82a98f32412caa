import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { FREQUENT_CALLER_ORDERS_30D, oneTimeResolutionRate, satisfactionRate } from '../domain/measures.ts';
import { isOpen, ORDER_STATE_LABELS, type OrderState } from '../domain/order-lifecycle.ts';
import type { RequestType, Satisfaction } from '../domain/reference.ts';

/** How far back the profile looks: enough for habits, bounded for speed on the phone index. */
const HISTORY_LIMIT = 200;
const DAY = 86_400_000;

interface Row {
  id: number;
  number: string;
  state: OrderState;
  request_type: RequestType;
  category_id: number | null;
  title: string;
  created_at: Date;
  redo_count: number;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  close_kind: string | null;
}

/**
 * 来电人画像 for the call-taker desk: the caller's past and open orders, how often they call, what
 * about, how satisfied they were and how often one handling solved it. Looking someone up by phone
 * is access to personal data, so it needs `citizen.unmask` and is audit-logged.
 */
export async function callerProfile(ctx: Context, o: { actor: Actor | null; phone: string; ip?: string }) {
  const actor = requirePermission(o.actor, 'citizen.unmask');
  const rows = await ctx.db.query<Row>(
    `SELECT id, number, state, request_type, category_id, title, created_at, redo_count, satisfaction, resolved, close_kind
     FROM orders WHERE citizen_phone = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [o.phone, HISTORY_LIMIT],
  );
  await recordAudit(ctx.db, {
    actor,
    action: 'caller_profile',
    targetType: 'phone',
    targetId: o.phone.slice(-4),
    ip: o.ip,
  });
  const { categories } = await ctx.refs.get();
  const now = ctx.now().getTime();
  const within = (days: number) => rows.filter((r) => now - r.created_at.getTime() <= days * DAY).length;

  const topicCounts = new Map<string, number>();
  for (const r of rows) {
    const top = r.category_id
      ? categories.get(categories.get(r.category_id)?.pathIds[0] ?? -1)?.name
      : undefined;
    const topic = top ?? '未分类';
    topicCounts.set(topic, (topicCounts.get(topic) ?? 0) + 1);
  }
  const visited = rows.filter((r) => r.state === 'closed' && r.close_kind === 'visited');
  const counts = { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 };
  for (const r of visited) {
    if (r.satisfaction === 'satisfied') counts.satisfied++;
    else if (r.satisfaction === 'basically_satisfied') counts.basicallySatisfied++;
    else if (r.satisfaction === 'dissatisfied') counts.dissatisfied++;
  }
  const orders30d = within(30);
  return {
    totalOrders: rows.length,
    orders30d,
    orders90d: within(90),
    openOrders: rows.filter((r) => isOpen(r.state)).length,
    firstContactAt: rows.at(-1)?.created_at.toISOString() ?? null,
    topics: [...topicCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, count]) => ({ name, count })),
    satisfaction: { ...counts, rate: satisfactionRate(counts) },
    oneTimeResolutionRate: oneTimeResolutionRate(
      visited.map((r) => ({ redoCount: r.redo_count, resolved: r.resolved })),
    ),
    flags: [
      ...(orders30d >= FREQUENT_CALLER_ORDERS_30D ? ['frequent'] : []),
      ...(counts.dissatisfied > 0 ? ['dissatisfied_before'] : []),
    ] as ('frequent' | 'dissatisfied_before')[],
    recentOrders: rows.slice(0, 10).map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      stateLabel: ORDER_STATE_LABELS[r.state],
      requestType: r.request_type,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
