/**
 * Builds the antd trees of the admin screens (units, categories) from flat lists with parentId,
 * filtered by a search text: a match keeps its ancestors, and those ancestors are opened.
 */
export interface FlatNode {
  id: number;
  parentId: number | null;
  name: string;
}

export interface TreeNode<T extends FlatNode> {
  key: number;
  item: T;
  children?: TreeNode<T>[];
}

export function buildTree<T extends FlatNode>(
  items: readonly T[],
  search: string,
  order: (a: T, b: T) => number = (a, b) => a.id - b.id,
): { roots: TreeNode<T>[]; openKeys: number[]; matches: number } {
  const byId = new Map(items.map((i) => [i.id, i]));
  const children = new Map<number | null, T[]>();
  for (const i of items) {
    const parent = i.parentId !== null && byId.has(i.parentId) ? i.parentId : null;
    const list = children.get(parent);
    if (list) list.push(i);
    else children.set(parent, [i]);
  }
  const text = search.trim();
  const keep = new Set<number>();
  const open = new Set<number>();
  let matches = 0;
  if (text) {
    for (const i of items) {
      if (!i.name.includes(text)) continue;
      matches++;
      keep.add(i.id);
      for (let p = i.parentId; p !== null; p = byId.get(p)?.parentId ?? null) {
        if (keep.has(p) && open.has(p)) break;
        keep.add(p);
        open.add(p);
      }
    }
  }
  // Below a match everything shows (folded), so what was just added under it can be found.
  const build = (i: T, underMatch = false): TreeNode<T> => {
    const inside = underMatch || (text !== '' && i.name.includes(text));
    const kids = (children.get(i.id) ?? []).filter((k) => !text || inside || keep.has(k.id)).sort(order);
    return kids.length
      ? { key: i.id, item: i, children: kids.map((k) => build(k, inside)) }
      : { key: i.id, item: i };
  };
  const roots = (children.get(null) ?? [])
    .filter((r) => !text || keep.has(r.id))
    .sort(order)
    .map((r) => build(r));
  return { roots, openKeys: [...open], matches };
}

/** Ids of an item and everything below it. */
export function subtreeIds<T extends FlatNode>(items: readonly T[], rootId: number): Set<number> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of items) {
      if (i.parentId !== null && ids.has(i.parentId) && !ids.has(i.id)) {
        ids.add(i.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** 临江市 / 江滨区 / 望江街道: the names from the root down to an item. */
export function pathNames<T extends FlatNode>(byId: ReadonlyMap<number, T>, id: number): string {
  const names: string[] = [];
  for (let i = byId.get(id); i; i = i.parentId === null ? undefined : byId.get(i.parentId))
    names.unshift(i.name);
  return names.join(' / ');
}

/** Ids of an item and of all its ancestors: what must be open for it to show. */
export function withAncestors<T extends FlatNode>(byId: ReadonlyMap<number, T>, id: number): number[] {
  const ids: number[] = [];
  for (let i = byId.get(id); i; i = i.parentId === null ? undefined : byId.get(i.parentId)) ids.push(i.id);
  return ids;
}
