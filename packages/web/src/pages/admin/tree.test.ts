import { describe, expect, it } from 'vitest';
import { buildTree, pathNames, subtreeIds, withAncestors } from './tree.ts';

const items = [
  { id: 1, parentId: null, name: '临江市' },
  { id: 2, parentId: 1, name: '江滨区' },
  { id: 3, parentId: 2, name: '望江街道' },
  { id: 4, parentId: 3, name: '望江社区' },
  { id: 5, parentId: 4, name: '第一网格' },
  { id: 6, parentId: 1, name: '城东区' },
  { id: 7, parentId: 6, name: '东湖街道' },
];
const byId = new Map(items.map((i) => [i.id, i]));
const keys = (nodes: { key: number; children?: unknown[] }[]): unknown[] =>
  nodes.map((n) => (n.children ? [n.key, keys(n.children as never)] : n.key));

describe('the admin trees', () => {
  it('builds the whole tree from parentIds without a search', () => {
    expect(keys(buildTree(items, '').roots)).toEqual([
      [
        1,
        [
          [2, [[3, [[4, [5]]]]]],
          [6, [7]],
        ],
      ],
    ]);
  });

  it('keeps a match with its ancestors (opened) and everything below it', () => {
    const t = buildTree(items, '望江街道');
    expect(keys(t.roots)).toEqual([[1, [[2, [[3, [[4, [5]]]]]]]]]);
    expect(t.openKeys.sort()).toEqual([1, 2]);
    expect(t.matches).toBe(1);
    expect(buildTree(items, '不存在').roots).toEqual([]);
  });

  it('knows subtrees, ancestors and full names', () => {
    expect([...subtreeIds(items, 3)].sort()).toEqual([3, 4, 5]);
    expect(withAncestors(byId, 5)).toEqual([5, 4, 3, 2, 1]);
    expect(pathNames(byId, 4)).toBe('临江市 / 江滨区 / 望江街道 / 望江社区');
  });
});
