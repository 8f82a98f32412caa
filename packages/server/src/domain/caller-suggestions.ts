/**
 * 来电人画像 → 建议: the category and reply template the call-taker desk suggests from a caller's
 * own history, merged with what the category model reads in the draft. Pure: the caller's orders,
 * the model's suggestions and the category tree are given; nothing is read here.
 *
 * Rules:
 * - An open order of the caller (newest) is offered for 催办/补充, and its category is suggested.
 * - The category the caller raised most often in the last {@link HISTORY_WINDOW_DAYS} days is
 *   suggested (ties: the one raised most recently); for the open order's own category it is added
 *   as a reason only when raised more than once (once is that order itself).
 * - The model's categories for the draft are kept in the model's order; one below
 *   {@link MIN_MODEL_PROBABILITY} only when the history suggests it too.
 * - A category suggested by both the history and the model comes first (they agree), then the
 *   model's (the draft is about this call), then the open order's, then the frequent one.
 * - Reply templates, for the chosen category or else for each suggested one in order: the answer on
 *   the caller's newest closed order in that category rated 满意 (and not marked unresolved) that
 *   quoted no knowledge entry, and the knowledge entry the newest direct answer in that category
 *   quoted (still published; its current text when it changed after that answer; not when the
 *   caller was dissatisfied). Identical texts are offered once.
 */
import type { Satisfaction } from './reference.ts';

export const HISTORY_WINDOW_DAYS = 90;
/** Below this the model is guessing; shown only where the caller's history agrees. */
export const MIN_MODEL_PROBABILITY = 0.1;
export const MAX_CATEGORY_SUGGESTIONS = 5;
export const MAX_REPLY_TEMPLATES = 3;
const DAY = 86_400_000;

export interface KnowledgeFacts {
  id: number;
  title: string;
  published: boolean;
  updatedAt: Date;
  /** The entry's text as it reads now. */
  currentText: string;
}

export interface CallerOrderFacts {
  id: number;
  number: string;
  title: string;
  categoryId: number | null;
  open: boolean;
  stateLabel: string;
  createdAt: Date;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  /** The last reply or direct answer on a closed order; null otherwise. */
  answer: {
    kind: 'reply' | 'direct_answer';
    text: string;
    at: Date;
    knowledge: KnowledgeFacts | null;
  } | null;
}

/** A category the model read in the draft (its reason already says why). */
export interface TextCategorySuggestion {
  categoryId: number;
  probability: number | null;
  reason: string;
}

export type CategorySource = 'open_order' | 'caller_history' | 'model';

export interface SuggestedCategory {
  categoryId: number;
  probability: number | null;
  sources: CategorySource[];
  reasons: string[];
}

export interface FollowUpSuggestion {
  orderId: number;
  number: string;
  title: string;
  stateLabel: string;
  reason: string;
}

export interface ReplyTemplate {
  kind: 'accepted_reply' | 'knowledge_entry';
  categoryId: number;
  text: string;
  knowledgeEntryId: number | null;
  orderId: number;
  orderNumber: string;
  reason: string;
}

export interface CallerSuggestions {
  categories: SuggestedCategory[];
  followUp: FollowUpSuggestion | null;
  replyTemplates: ReplyTemplate[];
}

export interface CallerSuggestionInput {
  now: Date;
  orders: readonly CallerOrderFacts[];
  fromText: readonly TextCategorySuggestion[];
  /** Active categories by id, with the name used in reasons; inactive or unknown: undefined. */
  category: (id: number) => { name: string } | undefined;
  /** The category already chosen in the form: templates are for it alone. */
  chosenCategoryId?: number | null | undefined;
}

const newestFirst = (a: CallerOrderFacts, b: CallerOrderFacts) =>
  b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;

export function suggestFromCallerHistory(input: CallerSuggestionInput): CallerSuggestions {
  const orders = [...input.orders].sort(newestFirst);
  const named = (id: number | null) => (id === null ? undefined : input.category(id));

  const open = orders.find((o) => o.open);
  const followUp: FollowUpSuggestion | null = open
    ? {
        orderId: open.id,
        number: open.number,
        title: open.title,
        stateLabel: open.stateLabel,
        reason: `在办工单 ${open.number}（${open.stateLabel}），本次来电可能是催办或补充`,
      }
    : null;

  const profile: SuggestedCategory[] = [];
  const openCategorised = orders.find((o) => o.open && named(o.categoryId));
  if (openCategorised?.categoryId != null) {
    const name = named(openCategorised.categoryId)?.name;
    profile.push({
      categoryId: openCategorised.categoryId,
      probability: null,
      sources: ['open_order'],
      reasons: [
        `该来电人有在办工单「${openCategorised.title}」属「${name}」（${openCategorised.stateLabel}）`,
      ],
    });
  }
  const frequent = mostFrequentCategory(orders, input.now, named);
  if (frequent) {
    const reason = `该来电人近 ${HISTORY_WINDOW_DAYS} 天 ${frequent.count} 次反映「${frequent.name}」`;
    const same = profile.find((c) => c.categoryId === frequent.categoryId);
    if (same) {
      if (frequent.count > 1) {
        same.sources.push('caller_history');
        same.reasons.push(reason);
      }
    } else
      profile.push({
        categoryId: frequent.categoryId,
        probability: null,
        sources: ['caller_history'],
        reasons: [reason],
      });
  }

  const agreed: SuggestedCategory[] = [];
  const model: SuggestedCategory[] = [];
  for (const t of input.fromText) {
    if (agreed.some((c) => c.categoryId === t.categoryId) || model.some((c) => c.categoryId === t.categoryId))
      continue;
    const p = profile.findIndex((c) => c.categoryId === t.categoryId);
    const fromProfile = profile[p];
    if (fromProfile) {
      profile.splice(p, 1);
      agreed.push({
        categoryId: t.categoryId,
        probability: t.probability,
        sources: ['model', ...fromProfile.sources],
        reasons: [t.reason, ...fromProfile.reasons],
      });
    } else if (t.probability === null || t.probability >= MIN_MODEL_PROBABILITY)
      model.push({
        categoryId: t.categoryId,
        probability: t.probability,
        sources: ['model'],
        reasons: [t.reason],
      });
  }
  const categories = [...agreed, ...model, ...profile].slice(0, MAX_CATEGORY_SUGGESTIONS);

  const targets =
    input.chosenCategoryId != null ? [input.chosenCategoryId] : categories.map((c) => c.categoryId);
  return { categories, followUp, replyTemplates: replyTemplates(orders, targets, named) };
}

function mostFrequentCategory(
  newest: readonly CallerOrderFacts[],
  now: Date,
  named: (id: number | null) => { name: string } | undefined,
): { categoryId: number; name: string; count: number } | null {
  const counts = new Map<number, number>();
  for (const o of newest) {
    if (now.getTime() - o.createdAt.getTime() > HISTORY_WINDOW_DAYS * DAY) continue;
    if (o.categoryId === null || !named(o.categoryId)) continue;
    counts.set(o.categoryId, (counts.get(o.categoryId) ?? 0) + 1);
  }
  let best: { categoryId: number; count: number } | null = null;
  // Map keeps first-insertion order, which is newest first: `>` keeps the most recent on a tie.
  for (const [categoryId, count] of counts) if (!best || count > best.count) best = { categoryId, count };
  const name = best ? named(best.categoryId)?.name : undefined;
  return best && name ? { ...best, name } : null;
}

function replyTemplates(
  newest: readonly CallerOrderFacts[],
  categoryIds: readonly number[],
  named: (id: number | null) => { name: string } | undefined,
): ReplyTemplate[] {
  const out: ReplyTemplate[] = [];
  const add = (t: ReplyTemplate) => {
    if (out.length < MAX_REPLY_TEMPLATES && !out.some((o) => o.text === t.text)) out.push(t);
  };
  for (const categoryId of categoryIds) {
    const name = named(categoryId)?.name;
    if (!name) continue;
    const answered = newest.filter((o) => o.categoryId === categoryId && !o.open && o.answer?.text.trim());
    // A quoted knowledge entry is offered by the rule below, as it reads now, never the old wording.
    const accepted = answered.find(
      (o) => o.satisfaction === 'satisfied' && o.resolved !== false && !o.answer?.knowledge,
    );
    if (accepted?.answer) {
      add({
        kind: 'accepted_reply',
        categoryId,
        text: accepted.answer.text,
        knowledgeEntryId: null,
        orderId: accepted.id,
        orderNumber: accepted.number,
        reason: `该来电人反映「${name}」的工单 ${accepted.number} 按此答复，回访满意`,
      });
    }
    const quoted = answered.find(
      (o) =>
        o.answer?.kind === 'direct_answer' &&
        o.answer.knowledge?.published === true &&
        o.satisfaction !== 'dissatisfied',
    );
    const k = quoted?.answer?.knowledge;
    if (quoted?.answer && k) {
      const changed = k.updatedAt.getTime() > quoted.answer.at.getTime();
      add({
        kind: 'knowledge_entry',
        categoryId,
        text: changed ? k.currentText : quoted.answer.text,
        knowledgeEntryId: k.id,
        orderId: quoted.id,
        orderNumber: quoted.number,
        reason: `上次同类咨询（${quoted.number}）直接答复引用知识「${k.title}」${changed ? '；条目此后已更新，已换为现行内容' : ''}`,
      });
    }
  }
  return out;
}
