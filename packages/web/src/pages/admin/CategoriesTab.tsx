import { EditOutlined, PlusOutlined, PoweroffOutlined, StopOutlined, TagsOutlined } from '@ant-design/icons';
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
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/request-error.ts';
import type { Category } from '../../api/types.ts';
import { useCategories } from '../orders/reference.ts';
import { LoadFailed } from './AdminStates.tsx';
import { FORM_ERRORS, showErrorOnForm, useRefreshReference } from './admin-api.ts';
import { buildTree, pathNames, type TreeNode, withAncestors } from './tree.ts';

const MAX_DEPTH = 5;
type Dialog = { kind: 'add'; parent: Category | null } | { kind: 'rename'; category: Category } | null;

/** 事项分类: the category tree (at most five levels) with add, rename and (de)activate. */
export default function CategoriesTab() {
  const categories = useCategories();
  const { modal, message } = App.useApp();
  const refresh = useRefreshReference();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);

  const list = useMemo(() => [...(categories.data?.values() ?? [])], [categories.data]);
  const tree = useMemo(() => buildTree(list, search), [list, search]);
  const selected = selectedId === null ? undefined : categories.data?.get(selectedId);
  const openKeys = search.trim() ? tree.openKeys : expanded;

  const setActive = useMutation({
    mutationFn: (v: { category: Category; active: boolean }) =>
      unwrap(
        api.PATCH('/api/categories/{id}', {
          params: { path: { id: v.category.id } },
          body: { active: v.active },
        }),
      ),
    meta: { quietErrors: ['IN_USE', 'RULE_VIOLATION'] },
    onSuccess: (c) => {
      void refresh('categories');
      message.success(c.active ? `已启用「${c.name}」` : `已停用「${c.name}」`);
    },
    onError: (error) => {
      if (isApiError(error, 'IN_USE') || isApiError(error, 'RULE_VIOLATION')) {
        modal.warning({ title: '暂时不能停用或启用', content: error.message });
      }
    },
  });

  if (categories.isError) {
    return <LoadFailed what="事项分类" error={categories.error} onRetry={() => void categories.refetch()} />;
  }

  const toTreeData = (nodes: TreeNode<Category>[]): object[] =>
    nodes.map((n) => ({
      key: n.key,
      title: (
        <Space size={6}>
          <span style={n.item.active ? undefined : { color: '#8c8c8c', textDecoration: 'line-through' }}>
            {n.item.name}
          </span>
          {!n.item.active && <Tag style={{ marginInlineEnd: 0 }}>已停用</Tag>}
        </Space>
      ),
      children: n.children ? toTreeData(n.children) : undefined,
    }));
  const childCount = selected ? list.filter((c) => c.parentId === selected.id).length : 0;

  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card
          size="small"
          title={
            <Space size={8}>
              <TagsOutlined />
              <span>分类树</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                共 {list.length} 个
              </Typography.Text>
            </Space>
          }
          extra={
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'add', parent: null })}
            >
              新增一级分类
            </Button>
          }
        >
          <Input.Search
            allowClear
            aria-label="搜索分类"
            placeholder="搜索分类名称，如“供热”"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          {categories.isPending ? (
            <Spin description="正在加载分类…" style={{ display: 'block', padding: 48 }} />
          ) : tree.roots.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={search.trim() ? `没有名称包含“${search.trim()}”的分类` : '还没有事项分类'}
            />
          ) : (
            <Tree
              blockNode
              showLine
              height={600}
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
        <Card size="small" title="分类详情">
          {!selected ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在左侧选择一个分类，查看详情并编辑" />
          ) : (
            <>
              <Descriptions
                column={2}
                size="small"
                bordered
                items={[
                  { key: 'name', label: '名称', children: selected.name, span: 2 },
                  {
                    key: 'depth',
                    label: '层级',
                    children: `第 ${selected.depth} 级（最多 ${MAX_DEPTH} 级）`,
                  },
                  {
                    key: 'state',
                    label: '状态',
                    children: selected.active ? <Tag color="success">在用</Tag> : <Tag>已停用</Tag>,
                  },
                  { key: 'code', label: '编码', children: selected.code ?? '—' },
                  { key: 'children', label: '下级分类', children: `${childCount} 个` },
                  {
                    key: 'path',
                    label: '完整路径',
                    children: categories.data ? pathNames(categories.data, selected.id) : '—',
                    span: 2,
                  },
                ]}
              />
              <Space wrap style={{ marginTop: 16 }}>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  disabled={!selected.active || selected.depth >= MAX_DEPTH}
                  onClick={() => setDialog({ kind: 'add', parent: selected })}
                >
                  新增下级分类
                </Button>
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setDialog({ kind: 'rename', category: selected })}
                >
                  改名
                </Button>
                <Button
                  danger={selected.active}
                  icon={selected.active ? <StopOutlined /> : <PoweroffOutlined />}
                  loading={setActive.isPending}
                  onClick={() =>
                    selected.active
                      ? modal.confirm({
                          title: `停用「${selected.name}」？`,
                          content:
                            '停用后受理时不能再选择该分类；已有工单不受影响。有在用下级分类时不能停用。',
                          okText: '停用',
                          okButtonProps: { danger: true },
                          cancelText: '取消',
                          onOk: () =>
                            setActive
                              .mutateAsync({ category: selected, active: false })
                              .catch(() => undefined),
                        })
                      : setActive.mutate({ category: selected, active: true })
                  }
                >
                  {selected.active ? '停用' : '启用'}
                </Button>
              </Space>
            </>
          )}
        </Card>
      </Col>
      {dialog && (
        <CategoryDialog
          dialog={dialog}
          onClose={(createdId) => {
            setDialog(null);
            if (createdId !== undefined) {
              setSelectedId(createdId);
              if (dialog.kind === 'add' && dialog.parent && categories.data) {
                // Show the new category: leave the search, open the way down to it.
                setSearch('');
                setExpanded([...new Set([...expanded, ...withAncestors(categories.data, dialog.parent.id)])]);
              }
            }
          }}
        />
      )}
    </Row>
  );
}

function CategoryDialog(props: { dialog: NonNullable<Dialog>; onClose: (createdId?: number) => void }) {
  const { dialog } = props;
  const [form] = Form.useForm<{ name: string; code?: string }>();
  const { message } = App.useApp();
  const refresh = useRefreshReference();
  const save = useMutation({
    mutationFn: async (v: { name: string; code?: string }) => {
      const name = v.name.trim();
      if (dialog.kind === 'rename') {
        const c = await unwrap(
          api.PATCH('/api/categories/{id}', { params: { path: { id: dialog.category.id } }, body: { name } }),
        );
        return c.id;
      }
      const code = v.code?.trim();
      const created = await unwrap(
        api.POST('/api/categories', {
          body: { name, ...(dialog.parent ? { parentId: dialog.parent.id } : {}), ...(code ? { code } : {}) },
        }),
      );
      return created.id;
    },
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: async (id, v) => {
      await refresh('categories');
      message.success(dialog.kind === 'add' ? `已新增「${v.name.trim()}」` : '已改名');
      props.onClose(dialog.kind === 'add' ? id : undefined);
    },
    onError: (error) => showErrorOnForm(form, error, ['name', 'code', 'parentId']),
  });
  const title =
    dialog.kind === 'rename'
      ? `给「${dialog.category.name}」改名`
      : dialog.parent
        ? `在「${dialog.parent.name}」下新增分类`
        : '新增一级分类';
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
      <Form
        form={form}
        layout="vertical"
        name="category-dialog"
        style={{ marginTop: 16 }}
        initialValues={{ name: dialog.kind === 'rename' ? dialog.category.name : '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="name"
          label="分类名称"
          rules={[
            { required: true, whitespace: true, message: '请填写分类名称' },
            { max: 100, message: '名称最多 100 个字' },
          ]}
        >
          <Input autoFocus autoComplete="off" placeholder="如：电梯故障" />
        </Form.Item>
        {dialog.kind === 'add' && (
          <Form.Item
            name="code"
            label="分类编码"
            extra="可选；不能与其他分类重复"
            rules={[{ max: 40, message: '编码最多 40 个字符' }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
