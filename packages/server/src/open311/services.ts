import type { CategoryRef, ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { ServiceDefinitionT, ServiceT } from './schemas.ts';

/**
 * Open311 "services" are Jiesu's categories (事项分类). A category is offered while it and all its
 * ancestors are active. Its service_code is the category's `code` when an admin set one (stable
 * across databases), else its id as a string; a category with a code is addressed only by the code.
 */

export const serviceCodeOf = (c: CategoryRef) => c.code ?? String(c.id);

/** The category and its ancestors, root first; missing links are skipped. */
function lineage(refs: ReferenceSnapshot, c: CategoryRef): CategoryRef[] {
  const chain: CategoryRef[] = [];
  for (const id of c.pathIds) {
    const node = refs.categories.get(id);
    if (node) chain.push(node);
  }
  return chain.length ? chain : [c];
}

export const isOffered = (refs: ReferenceSnapshot, c: CategoryRef) =>
  c.active && lineage(refs, c).every((n) => n.active);

/** Finds a category by service code, whether offered or not (old orders keep their category). */
export function findCategory(refs: ReferenceSnapshot, serviceCode: string): CategoryRef | undefined {
  for (const c of refs.categories.values()) if (c.code === serviceCode) return c;
  if (!/^\d{1,10}$/.test(serviceCode)) return undefined;
  const byId = refs.categories.get(Number(serviceCode));
  return byId && byId.code === null ? byId : undefined;
}

/** An offered category by service code, for new requests and service definitions. */
export function findOfferedCategory(refs: ReferenceSnapshot, serviceCode: string) {
  const c = findCategory(refs, serviceCode);
  return c && isOffered(refs, c) ? c : undefined;
}

export function toService(refs: ReferenceSnapshot, c: CategoryRef): ServiceT {
  const names = lineage(refs, c).map((n) => n.name);
  return {
    service_code: serviceCodeOf(c),
    service_name: c.name,
    // Categories carry no description of their own: their place in the tree says what they cover.
    description: names.join(' > '),
    metadata: false,
    type: 'realtime',
    keywords: names.join(','),
    group: names[0] ?? c.name,
  };
}

/** Offered services in tree order (depth first, siblings by id). */
export function listServices(refs: ReferenceSnapshot): ServiceT[] {
  const offered = [...refs.categories.values()].filter((c) => isOffered(refs, c));
  offered.sort((a, b) => comparePaths(a.pathIds, b.pathIds));
  return offered.map((c) => toService(refs, c));
}

function comparePaths(a: readonly number[], b: readonly number[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Jiesu asks nothing beyond the standard fields, so every definition has an empty attribute list. */
export const serviceDefinition = (c: CategoryRef): ServiceDefinitionT => ({
  service_code: serviceCodeOf(c),
  attributes: [],
});
