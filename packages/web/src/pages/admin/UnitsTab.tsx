import {
  ApartmentOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  PoweroffOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tree,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { UNIT_PARENT_KINDS } from '../../../../server/src/domain/organisation.ts';
import { UNIT_KIND_LABELS } from '../../../../server/src/domain/reference.ts';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/request-error.ts';
import type { Unit } from '../../api/types.ts';
import { useUnits } from '../orders/reference.ts';
import { LoadFailed } from './AdminStates.tsx';
import { FORM_ERRORS, showErrorOnForm, useRefreshReference } from './admin-api.ts';
import { buildTree, pathNames, subtreeIds, type TreeNode, withAncestors } from './tree.ts';

type Kind = Unit['kind'];
const KINDS = Object.keys(UNIT_KIND_LABELS) as Kind[];
/** Territorial units first, then departments and utilities: the order people scan the tree in. */
const RANK: Record<Kind, number> = {
  centre: 0,
  city: 0,
  district: 1,
  street: 1,
  community: 1,
  grid: 1,
  department: 2,
  utility: 3,
};
const KIND_COLORS: Partial<Record<Kind, string>> = {
  district: 'blue',
  street: 'cyan',
  community: 'green',
  grid: 'lime',
  department: 'purple',
  utility: 'orange',
  centre: 'red',
};

type Dialog = { kind: 'add' | 'rename' | 'move'; unit: Unit } | null;

/** 承办单位: the organisation tree (市 → 区县 → 街道 → 社区 → 网格, 市直部门, 企业) with its edits. */
export default function UnitsTab() {
  const units = useUnits();
  const { modal, message } = App.useApp();
  const refresh = useRefreshReference();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const list = useMemo(() => [...(units.data?.values() ?? [])], [units.data]);
  const tree = useMemo(
    () => buildTree(list, search, (a, b) => RANK[a.kind] - RANK[b.kind] || a.id - b.id),
    [list, search],
  );
  const selected = selectedId === null ? undefined : units.data?.get(selectedId);
  // By default the city and its districts are open; a search opens the way to every match.
  const defaultOpen = list.filter((u) => u.depth <= 2).map((u) => u.id);
  const openKeys = search.trim() ? tree.openKeys : (expanded ?? defaultOpen);

  const setActive = useMutation({
    mutationFn: (v: { unit: Unit; active: boolean }) =>
      unwrap(
        api.PATCH('/api/units/{id}', { params: { path: { id: v.unit.id } }, body: { active: v.active } }),
      ),
    meta: { quietErrors: ['IN_USE', 'RULE_VIOLATION'] },
    onSuccess: (u) => {
      void refresh('units');
      message.success(u.active ? `已启用「${u.name}」` : `已停用「${u.name}」`);
    },
    onError: (error) => {
      // 409 / 422 explain themselves in a dialog: which orders or sub-units stand in the way.
      if (isApiError(error, 'IN_USE') || isApiError(error, 'RULE_VIOLATION')) {
        modal.warning({ title: '暂时不能停用或启用', content: error.message });
      }
    },
  });

  const confirmActive = (unit: Unit) => {
    if (!unit.active) {
      setActive.mutate({ unit, active: true });
      return;
    }
    modal.confirm({
      title: `停用「${unit.name}」？`,
      content: '停用后不能再向该单位派单，也不能在受理时选择它。有未办结工单或在用下级单位的单位不能停用。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => setActive.mutateAsync({ unit, active: false }).catch(() => undefined),
    });
  };

  if (units.isError) {
    return <LoadFailed what="单位树" error={units.error} onRetry={() => void units.refetch()} />;
  }

  const renderTitle = (n: TreeNode<Unit>) => {
    const u = n.item;
    return (
      <Space size={6} data-unit={u.name}>
        <span style={u.active ? undefined : { color: '#8c8c8c', textDecoration: 'line-through' }}>
          {u.name}
        </span>
        <Tag bordered={false} color={KIND_COLORS[u.kind]} style={{ marginInlineEnd: 0 }}>
          {UNIT_KIND_LABELS[u.kind]}
        </Tag>
        {!u.active && <Tag style={{ marginInlineEnd: 0 }}>已停用</Tag>}
      </Space>
    );
  };
  const toTreeData = (nodes: TreeNode<Unit>[]): object[] =>
    nodes.map((n) => ({
      key: n.key,
      title: renderTitle(n),
      children: n.children ? toTreeData(n.children) : undefined,
    }));

  const childCount = selected ? list.filter((u) => u.parentId === selected.id).length : 0;

  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card
          size="small"
          title={
            <Space size={8}>
              <ApartmentOutlined />
              <span>单位树</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                共 {list.length} 个
              </Typography.Text>
            </Space>
          }
        >
          <Input.Search
            allowClear
            placeholder="搜索单位名称，如“望江”"
            aria-label="搜索单位"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          {units.isPending ? (
            <Spin description="正在加载单位…" style={{ display: 'block', padding: 48 }} />
          ) : tree.roots.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={search.trim() ? `没有名称包含“${search.trim()}”的单位` : '还没有单位'}
            />
          ) : (
            <Tree
              blockNode
              showLine
              height={600}
              data-testid="unit-tree"
              treeData={toTreeData(tree.roots) as never}
              expandedKeys={openKeys}
              onExpand={(keys) => setExpanded(keys as number[])}
              selectedKeys={selectedId === null ? [] : [selectedId]}
              onSelect={(keys) => keys[0] !== undefined && setSelectedId(Number(keys[0]))}
            />
          )}
        </Card>
      </Col>
      <Col span={14}>
        <Card size="small" title="单位详情" data-testid="unit-detail">
          {!selected ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在左侧选择一个单位，查看详情并编辑" />
          ) : (
            <>
              <Descriptions
                column={2}
                size="small"
                bordered
                items={[
                  { key: 'name', label: '名称', children: selected.name, span: 2 },
                  { key: 'kind', label: '类型', children: UNIT_KIND_LABELS[selected.kind] },
                  {
                    key: 'state',
                    label: '状态',
                    children: selected.active ? <Tag color="success">在用</Tag> : <Tag>已停用</Tag>,
                  },
                  { key: 'code', label: '编码', children: selected.code ?? '—' },
                  { key: 'children', label: '下级单位', children: `${childCount} 个` },
                  {
                    key: 'path',
                    label: '所属层级',
                    children: units.data ? pathNames(units.data, selected.id) : '—',
                    span: 2,
                  },
                ]}
              />
              <Space wrap style={{ marginTop: 16 }}>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  disabled={
                    !selected.active || KINDS.every((k) => !UNIT_PARENT_KINDS[k].includes(selected.kind))
                  }
                  onClick={() => setDialog({ kind: 'add', unit: selected })}
                >
                  新增下级单位
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'rename', unit: selected })}>
                  改名
                </Button>
                <Button
                  icon={<DragOutlined />}
                  disabled={selected.parentId === null}
                  onClick={() => setDialog({ kind: 'move', unit: selected })}
                >
                  移动到其他上级
                </Button>
                <Button
                  danger={selected.active}
                  icon={selected.active ? <StopOutlined /> : <PoweroffOutlined />}
                  loading={setActive.isPending}
                  onClick={() => confirmActive(selected)}
                >
                  {selected.active ? '停用' : '启用'}
                </Button>
              </Space>
            </>
          )}
        </Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {
            '层级规则：市 → 区/县 → 街道/乡镇 → 社区/村 → 网格；市直部门和公共服务企业挂在市下，可再分下属机构。移动单位时其下级一并移动；有未办结工单或在用下级单位的单位不能停用。'
          }
        </Typography.Paragraph>
      </Col>
      {dialog && (
        <UnitDialog
          dialog={dialog}
          units={list}
          onClose={(createdId) => {
            setDialog(null);
            if (createdId !== undefined) {
              setSelectedId(createdId);
              const path = units.data ? withAncestors(units.data, dialog.unit.id) : [];
              setExpanded([...new Set([...(expanded ?? defaultOpen), ...path])]);
            }
          }}
        />
      )}
    </Row>
  );
}

interface UnitValues {
  name: string;
  kind?: Kind;
  code?: string;
  parentId?: number;
}

function UnitDialog(props: {
  dialog: NonNullable<Dialog>;
  units: Unit[];
  onClose: (createdId?: number) => void;
}) {
  const { dialog, units } = props;
  const { unit } = dialog;
  const [form] = Form.useForm<UnitValues>();
  const { message } = App.useApp();
  const refresh = useRefreshReference();
  const childKinds = KINDS.filter((k) => UNIT_PARENT_KINDS[k].includes(unit.kind));

  const save = useMutation({
    mutationFn: async (v: UnitValues) => {
      if (dialog.kind === 'add') {
        const code = v.code?.trim();
        return unwrap(
          api.POST('/api/units', {
            body: { parentId: unit.id, kind: v.kind as Kind, name: v.name.trim(), ...(code ? { code } : {}) },
          }),
        );
      }
      const body = dialog.kind === 'rename' ? { name: v.name.trim() } : { parentId: v.parentId };
      return unwrap(api.PATCH('/api/units/{id}', { params: { path: { id: unit.id } }, body }));
    },
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: async (res, v) => {
      await refresh('units');
      message.success(
        dialog.kind === 'add'
          ? `已新增「${v.name.trim()}」`
          : dialog.kind === 'rename'
            ? '已改名'
            : `已把「${unit.name}」移到新的上级单位`,
      );
      props.onClose(dialog.kind === 'add' ? res.id : undefined);
    },
    onError: (error) => showErrorOnForm(form, error, ['name', 'kind', 'code', 'parentId']),
  });

  // A move goes under an active unit of an allowed kind, never into the unit's own subtree.
  const moveTargets = useMemo(() => {
    if (dialog.kind !== 'move') return [];
    const own = subtreeIds(units, unit.id);
    const allowed = UNIT_PARENT_KINDS[unit.kind];
    return units
      .filter((u) => u.active && !own.has(u.id) && allowed.includes(u.kind) && u.id !== unit.parentId)
      .map((u) => ({ value: u.id, label: `${u.name}（${UNIT_KIND_LABELS[u.kind]}）` }));
  }, [dialog.kind, units, unit]);

  const title =
    dialog.kind === 'add'
      ? `在「${unit.name}」下新增单位`
      : dialog.kind === 'rename'
        ? `给「${unit.name}」改名`
        : `移动「${unit.name}」`;

  return (
    <Modal
      open
      title={title}
      okText={dialog.kind === 'add' ? '新增' : '保存'}
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => props.onClose()}
      destroyOnHidden
    >
      <Form<UnitValues>
        form={form}
        layout="vertical"
        name="unit-dialog"
        initialValues={{ name: dialog.kind === 'rename' ? unit.name : '', kind: childKinds[0] }}
        onFinish={(v) => save.mutate(v)}
        style={{ marginTop: 16 }}
      >
        {dialog.kind === 'add' && (
          <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
            <Select options={childKinds.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
          </Form.Item>
        )}
        {dialog.kind !== 'move' && (
          <Form.Item
            name="name"
            label="单位名称"
            rules={[
              { required: true, whitespace: true, message: '请填写单位名称' },
              { max: 100, message: '名称最多 100 个字' },
            ]}
          >
            <Input autoFocus placeholder="如：滨河社区" autoComplete="off" />
          </Form.Item>
        )}
        {dialog.kind === 'add' && (
          <Form.Item
            name="code"
            label="单位编码"
            extra="可选，如行政区划代码；不能与其他单位重复"
            rules={[{ max: 40, message: '编码最多 40 个字符' }]}
          >
            <Input placeholder="如 990102001004" autoComplete="off" />
          </Form.Item>
        )}
        {dialog.kind === 'move' && (
          <Form.Item
            name="parentId"
            label="新的上级单位"
            extra={`只列出可作为「${UNIT_KIND_LABELS[unit.kind]}」上级的在用单位；下级单位随之一起移动`}
            rules={[{ required: true, message: '请选择新的上级单位' }]}
          >
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              placeholder="搜索单位名称"
              treeData={moveTargets.map((t) => ({ value: t.value, title: t.label }))}
              notFoundContent="没有可选的上级单位"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
