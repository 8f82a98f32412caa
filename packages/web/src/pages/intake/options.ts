import type { Category, Unit } from '../../api/types.ts';

/** One node of an antd Cascader: `value` is the id, `label` the name a call-taker types to search. */
export interface CascaderNode {
  value: number;
  label: string;
  children?: CascaderNode[];
}

function tree<T extends { id: number; parentId: number | null; name: string }>(
  items: readonly T[],
  isRoot: (item: T) => boolean,
): CascaderNode[] {
  const children = new Map<number, T[]>();
  for (const item of items) {
    if (item.parentId === null) continue;
    const list = children.get(item.parentId);
    if (list) list.push(item);
    else children.set(item.parentId, [item]);
  }
  const build = (item: T): CascaderNode => {
    const kids = children.get(item.id);
    return kids
      ? { value: item.id, label: item.name, children: kids.map(build) }
      : { value: item.id, label: item.name };
  };
  return items.filter(isRoot).map(build);
}

/** 事项分类: the flat GET /api/categories list as a tree of active categories (up to five levels). */
export function categoryOptions(categories: Map<number, Category> | undefined): CascaderNode[] {
  if (!categories) return [];
  const active = [...categories.values()].filter((c) => c.active);
  const ids = new Set(active.map((c) => c.id));
  return tree(active, (c) => c.parentId === null || !ids.has(c.parentId));
}

const REGION_KINDS = new Set<Unit['kind']>(['district', 'street', 'community']);

/** 所属区域: 区县 → 街道乡镇 → 社区村, from the unit tree (grids and departments left out). */
export function regionOptions(units: Map<number, Unit> | undefined): CascaderNode[] {
  if (!units) return [];
  const regions = [...units.values()].filter((u) => u.active && REGION_KINDS.has(u.kind));
  return tree(regions, (u) => u.kind === 'district');
}

/** 261122 000123: the order number split for reading aloud (date, then sequence). */
export function spacedOrderNumber(number: string): string {
  return /^\d{12}$/.test(number) ? `${number.slice(0, 6)} ${number.slice(6)}` : number;
}
