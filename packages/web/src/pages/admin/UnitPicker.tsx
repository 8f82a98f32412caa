import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { UNIT_KIND_LABELS } from '../../../../server/src/domain/reference.ts';
import type { Unit } from '../../api/types.ts';
import { useUnits } from '../orders/reference.ts';
import { buildTree, type TreeNode } from './tree.ts';

interface PickerNode {
  value: number;
  title: string;
  children?: PickerNode[];
}

const toPicker = (nodes: TreeNode<Unit>[]): PickerNode[] =>
  nodes.map((n) => ({
    value: n.item.id,
    title: `${n.item.name}（${UNIT_KIND_LABELS[n.item.kind]}）`,
    ...(n.children ? { children: toPicker(n.children) } : {}),
  }));

/** Picks one active unit from the whole tree (the hotline centre included), searchable by name. */
export function UnitPicker(props: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  placeholder?: string;
}) {
  const units = useUnits();
  const treeData = useMemo(
    () =>
      toPicker(
        buildTree(
          [...(units.data?.values() ?? [])].filter((u) => u.active),
          '',
        ).roots,
      ),
    [units.data],
  );
  return (
    <TreeSelect<number>
      id={props.id}
      showSearch
      allowClear
      treeNodeFilterProp="title"
      placeholder={props.placeholder ?? '搜索单位名称'}
      loading={units.isPending}
      treeData={treeData}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      treeDefaultExpandedKeys={treeData.map((n) => n.value)}
      listHeight={360}
      style={{ width: '100%' }}
    />
  );
}
