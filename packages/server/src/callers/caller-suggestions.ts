import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { suggestCategories } from '../dispatch/suggest-category.ts';
import { type CallerOrderFacts, suggestFromCallerHistory } from '../domain/caller-suggestions.ts';
import { isOpen, ORDER_STATE_LABELS, type OrderState } from '../domain/order-lifecycle.ts';
import type { Satisfaction } from '../domain/reference.ts';

/** Same bound as the profile: the suggestions read the history the call-taker sees there. */
const HISTORY_LIMIT = 200;
/** A template is read aloud or pasted into a direct answer; the direct answer takes 5,000 at most. */
const TEMPLATE_MAX_CHARS = 5000;

interface Row {
  id: number;
  number: string;
  title: string;
  state: OrderState;
  category_id: number | null;
  created_at: Date;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  answer_kind: 'reply' | 'direct_answer' | null;
  answer_text: string | null;
  answer_at: Date | null;
  entry_id: number | null;
  entry_title: string | null;
  entry_state: string | null;
  entry_updated_at: Date | null;
  entry_text: string | null;
}

export interface CallerSuggestionDraft {
  phone: string;
  title?: string | undefined;
  content?: string | undefined;
  address?: string | undefined;
  categoryId?: number | undefined;
}

/**
 * 建议 on the caller profile: category and reply template from the caller's own history (see
 * domain/caller-suggestions.ts), merged with the category model's reading of the draft. It reveals
 * the caller's history, so like the profile it needs `citizen.unmask` and is audit-logged.
 */
export async function callerSuggestions(
  ctx: Context,
  o: { actor: Actor | null; draft: CallerSuggestionDraft; ip?: string },
) {
  const actor = requirePermission(o.actor, 'citizen.unmask');
  const { draft } = o;
  // The last reply or direct answer of each closed order, and the knowledge entry it quoted.
  const rows = await ctx.db.query<Row>(
    `SELECT o.id, o.number, o.title, o.state, o.category_id, o.created_at, o.satisfaction, o.resolved,
            a.action AS answer_kind, a.text AS answer_text, a.created_at AS answer_at,
            k.id AS entry_id, k.title AS entry_title, k.state AS entry_state,
            k.updated_at AS entry_updated_at, k.body_text AS entry_text
       FROM orders o
       LEFT JOIN LATERAL (
         SELECT e.action, COALESCE(e.payload->>'content', e.payload->>'answer') AS text, e.created_at,
                e.payload->>'knowledgeEntryId' AS entry_id
           FROM order_events e
          WHERE e.order_id = o.id AND o.state = 'closed' AND e.action IN ('reply', 'direct_answer')
          ORDER BY e.seq DESC LIMIT 1
       ) a ON true
       LEFT JOIN knowledge_entries k ON k.id::text = a.entry_id
      WHERE o.citizen_phone = $1
      ORDER BY o.created_at DESC, o.id DESC LIMIT $2`,
    [draft.phone, HISTORY_LIMIT],
  );
  await recordAudit(ctx.db, {
    actor,
    action: 'caller_suggestions',
    targetType: 'phone',
    targetId: draft.phone.slice(-4),
    ip: o.ip,
  });

  const text = `${draft.title ?? ''}${draft.content ?? ''}`.trim();
  // The desk's own classifier, without the phone: the history part is decided here.
  const model =
    text && actor.permissions.has('order.create')
      ? await suggestCategories(ctx, actor, {
          title: draft.title,
          text: draft.content,
          address: draft.address,
        })
      : { items: [], modelVersion: null };

  const { categories } = await ctx.refs.get();
  const active = (id: number) => {
    const c = categories.get(id);
    return c?.active ? c : undefined;
  };
  const orders: CallerOrderFacts[] = rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    title: r.title,
    categoryId: r.category_id,
    open: isOpen(r.state),
    stateLabel: ORDER_STATE_LABELS[r.state],
    createdAt: r.created_at,
    satisfaction: r.satisfaction,
    resolved: r.resolved,
    answer:
      r.answer_kind && r.answer_text !== null && r.answer_at
        ? {
            kind: r.answer_kind,
            text: r.answer_text,
            at: r.answer_at,
            knowledge:
              r.entry_id !== null && r.entry_updated_at
                ? {
                    id: r.entry_id,
                    title: r.entry_title ?? '',
                    published: r.entry_state === 'published',
                    updatedAt: r.entry_updated_at,
                    currentText: r.entry_text ?? '',
                  }
                : null,
          }
        : null,
  }));
  const s = suggestFromCallerHistory({
    now: ctx.now(),
    orders,
    fromText: model.items.filter((i) => i.source === 'model'),
    category: (id) => active(id),
    chosenCategoryId: draft.categoryId,
  });
  const pathIds = (id: number) => categories.get(id)?.pathIds ?? [id];
  return {
    categories: s.categories.map((c) => ({
      ...c,
      pathIds: pathIds(c.categoryId),
      path: pathIds(c.categoryId)
        .map((p) => categories.get(p)?.name ?? String(p))
        .join(' / '),
    })),
    followUp: s.followUp,
    replyTemplates: s.replyTemplates.map((t) => ({ ...t, text: t.text.slice(0, TEMPLATE_MAX_CHARS) })),
    modelVersion: model.modelVersion,
  };
}
