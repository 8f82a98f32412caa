/**
 * Seeds a knowledge base from demo content (fixtures/): synonym groups first (they shape the
 * segmentation of the entries), then the entries, published — or expired when past their date.
 */
import type { Context } from '../context.ts';
import { localDay } from '../domain/knowledge.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import { cleanInput, insertEntry } from './entries.ts';
import type { DemoEntry } from './fixtures/entries.ts';
import { EntryInput } from './schemas.ts';
import { invalidateSynonyms } from './synonyms.ts';
import { escapeHtml } from './text.ts';

export interface SeedKnowledgeResult {
  entries: number;
  synonyms: number;
  /** Entry id by fixture key. */
  ids: Map<string, number>;
  /** Fixture names that matched no unit or category (left out). */
  unmatched: string[];
}

function byName(refs: ReferenceSnapshot) {
  const units = new Map<string, number>();
  for (const u of refs.units.values()) if (!units.has(u.name)) units.set(u.name, u.id);
  const categories = new Map<string, number>();
  for (const c of refs.categories.values()) if (!categories.has(c.name)) categories.set(c.name, c.id);
  return { units, categories };
}

/** The editor input of a demo entry, with names resolved to this database's ids. */
export function demoEntryInput(e: DemoEntry, refs: ReferenceSnapshot, unmatched: string[] = []): EntryInput {
  const names = byName(refs);
  const unit = (n: string) => {
    const id = names.units.get(n);
    if (id === undefined) unmatched.push(n);
    return id;
  };
  const categoryId = names.categories.get(e.category) ?? null;
  if (categoryId === null) unmatched.push(e.category);
  const steps = e.steps ?? [];
  const body =
    e.body ||
    (steps.length
      ? `<ol>${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`
      : `<p>${escapeHtml(e.title)}</p>`);
  return EntryInput.parse({
    kind: e.kind,
    title: e.title,
    bodyHtml: body,
    questions: e.questions ?? [],
    steps,
    tags: e.tags,
    categoryId,
    regionUnitIds: e.regions.map(unit).filter((x): x is number => x !== undefined),
    caseGroup: e.caseGroup ?? null,
    caseLabel: e.caseLabel ?? null,
    sourceTitle: e.source?.title ?? null,
    sourceUrl: e.source?.url ?? null,
    ownerUnitId: unit(e.ownerUnit) ?? null,
    effectiveFrom: e.effectiveFrom,
    expiresOn: e.expiresOn ?? null,
  });
}

export async function seedKnowledgeBase(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
  content: { entries: readonly DemoEntry[]; synonyms: readonly (readonly string[])[] },
): Promise<SeedKnowledgeResult> {
  const refs = await ctx.refs.get();
  const at = ctx.now();
  const day = localDay(at);
  const unmatched: string[] = [];
  const ids = new Map<string, number>();
  await ctx.db.transaction(async (tx) => {
    for (const g of content.synonyms) {
      const terms = [...new Set(g.map((t) => t.trim().toLowerCase()).filter(Boolean))];
      if (terms.length >= 2) await tx.query('INSERT INTO knowledge_synonyms (terms) VALUES ($1)', [terms]);
    }
  });
  invalidateSynonyms(ctx.db);
  // Inputs are checked before the transaction: the reference cache reads outside it (PGlite has
  // one connection, so a read outside an open transaction would wait for it).
  const snapshots: EntryInput[] = [];
  for (const e of content.entries) snapshots.push(await cleanInput(ctx, demoEntryInput(e, refs, unmatched)));
  await ctx.db.transaction(async (tx) => {
    for (const [i, e] of content.entries.entries()) {
      const snapshot = snapshots[i] as EntryInput;
      const expired = !!e.expiresOn && e.expiresOn < day;
      const id = await insertEntry(tx, {
        snapshot,
        refs,
        actorId: null,
        origin: 'seed',
        originRef: e.key,
        note: '演示数据',
        state: expired ? 'expired' : 'published',
        lastReviewedOn: e.lastReviewedOn ?? e.effectiveFrom,
        at,
      });
      ids.set(e.key, id);
    }
  });
  return { entries: ids.size, synonyms: content.synonyms.length, ids, unmatched: [...new Set(unmatched)] };
}

/** The demo city's knowledge base (called by the demo seed once units and categories exist). */
export async function seedDemoKnowledge(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
  log: (line: string) => void = () => {},
) {
  const { DEMO_ENTRIES } = await import('./fixtures/entries.ts');
  const { DEMO_SYNONYMS } = await import('./fixtures/synonyms.ts');
  const r = await seedKnowledgeBase(ctx, { entries: DEMO_ENTRIES, synonyms: DEMO_SYNONYMS });
  log(`知识库：已建 ${r.entries} 条知识、${r.synonyms} 组同义词`);
  if (r.unmatched.length) log(`知识库演示数据中未匹配的名称：${r.unmatched.join('、')}`);
  return r;
}
