/**
 * 派单目录 precedence: which catalogue entry decides an order's lead unit. Pure, no I/O.
 *
 * An entry applies when the order's category lies in the entry's category subtree (or the entry has
 * none), its region lies in the entry's region subtree (or none), and the day is within the entry's
 * dates. The most specific entry wins: the deeper category first, then the deeper region; among
 * equals the later start date, then the newer entry.
 */

export interface CatalogueRule {
  id: number;
  categoryId: number | null;
  regionUnitId: number | null;
  leadUnitId: number;
  assistUnitIds: readonly number[];
  /** 'YYYY-MM-DD' or null (open-ended). */
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
}

export interface CatalogueQuery {
  /** Category ids from the root down to the order's category (empty when unclassified). */
  categoryPath: readonly number[];
  /** Unit ids from the root down to the order's region (empty when unknown). */
  regionPath: readonly number[];
  /** Local day 'YYYY-MM-DD'. */
  day: string;
}

export interface CatalogueMatch<R extends CatalogueRule> {
  rule: R;
  /** 1-based depth of the matched category (0 = any) and region (0 = any). */
  categoryDepth: number;
  regionDepth: number;
}

function depthIn(path: readonly number[], id: number | null): number | null {
  if (id === null) return 0;
  const i = path.indexOf(id);
  return i < 0 ? null : i + 1;
}

export function matchCatalogue<R extends CatalogueRule>(
  rules: readonly R[],
  q: CatalogueQuery,
): CatalogueMatch<R> | null {
  let best: CatalogueMatch<R> | null = null;
  for (const rule of rules) {
    if (!rule.active) continue;
    if (rule.validFrom && q.day < rule.validFrom) continue;
    if (rule.validTo && q.day > rule.validTo) continue;
    // An entry for any category and any region would dispatch everything: never applies.
    if (rule.categoryId === null && rule.regionUnitId === null) continue;
    const categoryDepth = depthIn(q.categoryPath, rule.categoryId);
    const regionDepth = depthIn(q.regionPath, rule.regionUnitId);
    if (categoryDepth === null || regionDepth === null) continue;
    const m = { rule, categoryDepth, regionDepth };
    if (!best || compare(m, best) < 0) best = m;
  }
  return best;
}

/** Negative when a is more specific (wins). */
function compare<R extends CatalogueRule>(a: CatalogueMatch<R>, b: CatalogueMatch<R>): number {
  return (
    b.categoryDepth - a.categoryDepth ||
    b.regionDepth - a.regionDepth ||
    (b.rule.validFrom ?? '').localeCompare(a.rule.validFrom ?? '') ||
    b.rule.id - a.rule.id
  );
}
