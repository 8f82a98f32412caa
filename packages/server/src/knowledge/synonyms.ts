/**
 * 同义词 synonyms kept by editors (医保 ⇄ 医疗保险, 公积金 ⇄ 住房公积金), expanded at query time.
 * Each process caches the groups; a write here refreshes at once, elsewhere within 30 s.
 */

import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { normalise } from '../dispatch/model/text.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';

export interface SynonymSet {
  groups: readonly (readonly string[])[];
  /** Every term of every group, for the segmenter's user dictionary. */
  terms: readonly string[];
}

const TTL_MS = 30_000;
const caches = new WeakMap<Queryable, { at: number; set: Promise<SynonymSet> }>();

export function loadSynonyms(db: Queryable): Promise<SynonymSet> {
  const c = caches.get(db);
  if (c && Date.now() - c.at < TTL_MS) return c.set;
  const set = db
    .query<{ terms: string[] }>('SELECT terms FROM knowledge_synonyms ORDER BY id')
    .then((rows) => {
      const groups = rows.map((r) => r.terms);
      return { groups, terms: [...new Set(groups.flat())] };
    });
  caches.set(db, { at: Date.now(), set });
  set.catch(() => caches.delete(db));
  return set;
}

export const invalidateSynonyms = (db: Queryable) => caches.delete(db);

const view = (r: { id: number; terms: string[]; updated_at: Date }) => ({
  id: r.id,
  terms: r.terms,
  updatedAt: r.updated_at.toISOString(),
});

function cleanTerms(terms: readonly string[]): string[] {
  const out = [...new Set(terms.map((t) => normalise(t)).filter(Boolean))];
  if (out.length < 2)
    throw new AppError('VALIDATION_FAILED', { field: 'body.terms' }, '同义词组至少需要两个不同的词');
  return out;
}

export async function listSynonyms(ctx: Context, actor: Actor | null) {
  requirePermission(actor, 'knowledge.read');
  const rows = await ctx.db.query<{ id: number; terms: string[]; updated_at: Date }>(
    'SELECT id, terms, updated_at FROM knowledge_synonyms ORDER BY id',
  );
  return rows.map(view);
}

export async function saveSynonymGroup(
  ctx: Context,
  o: { actor: Actor | null; id?: number; terms: readonly string[] },
) {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  const terms = cleanTerms(o.terms);
  const [row] = await ctx.db.transaction(async (tx) => {
    const rows =
      o.id === undefined
        ? await tx.query<{ id: number; terms: string[]; updated_at: Date }>(
            'INSERT INTO knowledge_synonyms (terms) VALUES ($1) RETURNING id, terms, updated_at',
            [terms],
          )
        : await tx.query<{ id: number; terms: string[]; updated_at: Date }>(
            'UPDATE knowledge_synonyms SET terms = $2, updated_at = now() WHERE id = $1 RETURNING id, terms, updated_at',
            [o.id, terms],
          );
    if (rows[0])
      await recordAudit(tx, {
        actor,
        action: 'knowledge.synonyms.save',
        targetType: 'knowledge_synonyms',
        targetId: rows[0].id,
        details: { terms },
      });
    return rows;
  });
  if (!row) throw notFound('knowledge_synonyms', o.id);
  invalidateSynonyms(ctx.db);
  return view(row);
}

export async function deleteSynonymGroup(ctx: Context, o: { actor: Actor | null; id: number }) {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query('DELETE FROM knowledge_synonyms WHERE id = $1 RETURNING id', [o.id]);
    if (rows.length === 0) throw notFound('knowledge_synonyms', o.id);
    await recordAudit(tx, {
      actor,
      action: 'knowledge.synonyms.delete',
      targetType: 'knowledge_synonyms',
      targetId: o.id,
    });
  });
  invalidateSynonyms(ctx.db);
}
