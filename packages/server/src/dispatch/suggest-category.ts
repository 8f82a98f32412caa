/**
 * 智能分类 at intake: the category model's top categories for a draft, with the words it relied on,
 * and — when the caller's phone is given — the category the caller reported most in the last year.
 */
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { modelStore, orderItem } from './models.ts';
import { evidenceWords } from './suggestions.ts';

export interface CategorySuggestion {
  categoryId: number;
  /** Names from the root, e.g. 城乡建设 / 住房保障 / 物业管理. */
  path: string;
  probability: number | null;
  source: 'model' | 'caller_history';
  reason: string;
}

export async function suggestCategories(
  ctx: Context,
  actor: Actor | null,
  draft: {
    title?: string | undefined;
    text?: string | undefined;
    address?: string | undefined;
    phone?: string | undefined;
  },
): Promise<{ items: CategorySuggestion[]; modelVersion: number | null }> {
  const a = requirePermission(actor, 'order.create');
  const refs = await ctx.refs.get();
  const pathOf = (id: number) =>
    (refs.categories.get(id)?.pathIds ?? [id])
      .map((c) => refs.categories.get(c)?.name ?? String(c))
      .join(' / ');
  const items: CategorySuggestion[] = [];
  const model = await modelStore(ctx.db).get('category');
  const text = `${draft.title ?? ''}${draft.text ?? ''}`.trim();
  if (model && text) {
    const c = model.classifier.classify(
      orderItem({ title: draft.title ?? '', content: draft.text ?? '', address: draft.address }),
      3,
      6,
    );
    const words = evidenceWords(c.explanation);
    for (const [i, t] of c.top.entries()) {
      const id = Number(t.label);
      if (!refs.categories.get(id)?.active) continue;
      items.push({
        categoryId: id,
        path: pathOf(id),
        probability: t.probability,
        source: 'model',
        reason: `模型：${Math.round(t.probability * 100)}%${i === 0 && words.length ? `，依据词「${words.join('」「')}」` : ''}`,
      });
    }
  }
  const phone = draft.phone?.trim();
  if (phone && a.permissions.has('citizen.unmask')) {
    const [row] = await ctx.db.query<{ category_id: number; n: number }>(
      `SELECT category_id, count(*)::int AS n FROM orders
        WHERE citizen_phone = $1 AND category_id IS NOT NULL AND created_at >= $2
        GROUP BY category_id ORDER BY n DESC, category_id LIMIT 1`,
      [phone, new Date(ctx.now().getTime() - 365 * 86_400_000)],
    );
    if (row && refs.categories.get(row.category_id)?.active) {
      const known = items.find((i) => i.categoryId === row.category_id);
      const reason = `来电人近一年 ${row.n} 次反映此类事项`;
      if (known) known.reason += `；${reason}`;
      else
        items.push({
          categoryId: row.category_id,
          path: pathOf(row.category_id),
          probability: null,
          source: 'caller_history',
          reason,
        });
    }
  }
  return { items, modelVersion: model?.version ?? null };
}
