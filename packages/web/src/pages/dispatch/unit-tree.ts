import type { Unit } from '../../api/types.ts';

export const UNIT_KIND_LABELS: Record<Unit['kind'], string> = {
  centre: '热线中心',
  city: '市',
  district: '区县',
  street: '街道乡镇',
  community: '社区村',
  grid: '网格',
  department: '市直部门',
  utility: '公共服务企业',
};

export interface UnitTreeNode {
  value: number;
  /** What the search matches and the picker shows once chosen. */
  name: string;
  title: string;
  kind: Unit['kind'];
  children?: UnitTreeNode[];
}

/**
 * The organisation tree for TreeSelect (市 → 区县 → 街道 → 社区 → 网格, beside 市直部门 and 公共服务
 * 企业). The hotline centre itself is left out: it does not handle orders.
 */
export function unitTree(units: Map<number, Unit> | undefined): UnitTreeNode[] {
  if (!units) return [];
  const active = [...units.values()].filter((u) => u.active && u.kind !== 'centre');
  const ids = new Set(active.map((u) => u.id));
  const children = new Map<number, Unit[]>();
  for (const u of active) {
    if (u.parentId === null || !ids.has(u.parentId)) continue;
    const list = children.get(u.parentId);
    if (list) list.push(u);
    else children.set(u.parentId, [u]);
  }
  // Territorial units first, then departments, then utilities: the order a dispatcher scans in.
  const rank: Record<Unit['kind'], number> = {
    centre: 0,
    city: 0,
    district: 1,
    street: 1,
    community: 1,
    grid: 1,
    department: 2,
    utility: 3,
  };
  const build = (u: Unit): UnitTreeNode => {
    const kids = (children.get(u.id) ?? []).sort((a, b) => rank[a.kind] - rank[b.kind]);
    const node: UnitTreeNode = {
      value: u.id,
      name: u.name,
      title: `${u.name}（${UNIT_KIND_LABELS[u.kind]}）`,
      kind: u.kind,
    };
    return kids.length > 0 ? { ...node, children: kids.map(build) } : node;
  };
  return active.filter((u) => u.parentId === null || !ids.has(u.parentId)).map(build);
}
