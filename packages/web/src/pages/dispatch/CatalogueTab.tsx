import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Cascader,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { categoryOptions, regionOptions } from '../intake/options.ts';
import { categoryPath, unitName, useCategories, useUnits } from '../orders/reference.ts';
import { unitTree } from './unit-tree.ts';

interface EntryValues {
  category?: number[];
  region?: number[];
  leadUnitId?: number;
  assistUnitIds: number[];
  source: 'admin' | 'joint_ruling';
  reference?: string;
  note?: string;
}

/**
 * 派单目录 (admins): category × region → lead and assisting units, with the source (admin or 联席会议
 * ruling); the auto-dispatch switches and threshold; retraining the models from handled orders.
 */
export default function CatalogueTab() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const categories = useCategories();
  const tree = useMemo(() => unitTree(units.data), [units.data]);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<EntryValues>();
  const source = Form.useWatch('source', form);

  const list = useQuery({
    queryKey: ['dispatch', 'catalogue'],
    queryFn: () => unwrap(api.GET('/api/dispatch/catalogue', { params: { query: { limit: 200 } } })),
  });
  const settings = useQuery({
    queryKey: ['dispatch', 'settings'],
    queryFn: () => unwrap(api.GET('/api/dispatch/settings')),
  });
  const models = useQuery({
    queryKey: ['dispatch', 'models'],
    queryFn: () => unwrap(api.GET('/api/dispatch/models')),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['dispatch'] });

  const create = useMutation({
    mutationFn: (v: EntryValues) =>
      unwrap(
        api.POST('/api/dispatch/catalogue', {
          body: {
            categoryId: v.category?.at(-1) ?? null,
            regionUnitId: v.region?.at(-1) ?? null,
            leadUnitId: v.leadUnitId ?? 0,
            assistUnitIds: v.assistUnitIds.filter((u) => u !== v.leadUnitId),
            source: v.source,
            reference: v.reference?.trim() || null,
            note: v.note?.trim() ?? '',
          },
        }),
      ),
    onSuccess: () => {
      message.success('已新增派单目录条目');
      setAdding(false);
      form.resetFields();
      refresh();
    },
  });
  const deactivate = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/dispatch/catalogue/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      message.success('已停用');
      refresh();
    },
  });
  const saveSettings = useMutation({
    mutationFn: (body: { autoDispatch: boolean; catalogueAuto: boolean; threshold: number }) =>
      unwrap(api.PUT('/api/dispatch/settings', { body })),
    onSuccess: () => {
      message.success('自动派单设置已保存');
      refresh();
    },
  });
  const retrain = useMutation({
    mutationFn: () => unwrap(api.POST('/api/dispatch/models/retrain')),
    onSuccess: (r) => {
      message.success(
        r.models.length
          ? `已训练：${r.models.map((m) => `v${m.version}`).join('、')}`
          : '已办结工单不足，未训练',
      );
      refresh();
    },
  });

  const s = settings.data;
  const latest = models.data?.items.find((m) => m.kind === 'lead_unit');
  const pct = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);
  return (
    <Flex vertical gap={16} data-testid="dispatch-catalogue">
      <Card size="small" title="自动派单与模型">
        <Flex gap={24} wrap align="center">
          <Space>
            自动派单
            <Switch
              checked={s?.autoDispatch ?? false}
              disabled={!s}
              onChange={(autoDispatch) => s && saveSettings.mutate({ ...s, autoDispatch })}
            />
          </Space>
          <Space>
            命中派单目录即派
            <Switch
              checked={s?.catalogueAuto ?? true}
              disabled={!s}
              onChange={(catalogueAuto) => s && saveSettings.mutate({ ...s, catalogueAuto })}
            />
          </Space>
          <Space>
            模型置信度阈值
            <InputNumber
              min={0.5}
              max={1}
              step={0.01}
              value={s?.threshold}
              disabled={!s}
              onChange={(threshold) => s && threshold && saveSettings.mutate({ ...s, threshold })}
            />
            <Typography.Text type="secondary">1 = 模型只建议</Typography.Text>
          </Space>
          <Space>
            <Button icon={<SyncOutlined />} loading={retrain.isPending} onClick={() => retrain.mutate()}>
              重新训练
            </Button>
            <Typography.Text type="secondary">
              {latest
                ? `主办单位模型 v${latest.version}（${dayjs(latest.trainedAt).format('MM-DD HH:mm')}，${latest.sampleCount} 张工单；留出准确率 ${pct(latest.evaluation.accuracy)}，置信度≥0.9 覆盖 ${pct(latest.evaluation.coverageAt90)}）`
                : '尚未训练'}
            </Typography.Text>
          </Space>
        </Flex>
      </Card>
      <Card
        size="small"
        title="派单目录"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            新增条目
          </Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: '事项分类',
              render: (_, e) =>
                categoryPath(categories.data, e.categoryId) ?? (
                  <Typography.Text type="secondary">任意</Typography.Text>
                ),
            },
            {
              title: '区域',
              render: (_, e) =>
                e.regionUnitId ? (
                  unitName(units.data, e.regionUnitId)
                ) : (
                  <Typography.Text type="secondary">任意</Typography.Text>
                ),
            },
            { title: '主办单位', render: (_, e) => unitName(units.data, e.leadUnitId) },
            {
              title: '协办单位',
              render: (_, e) => e.assistUnitIds.map((id) => unitName(units.data, id)).join('、') || '—',
            },
            {
              title: '依据',
              width: 200,
              render: (_, e) =>
                e.source === 'joint_ruling' ? (
                  <Flex vertical gap={2} align="flex-start">
                    <Tag color="gold">联席会议裁定</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.reference}
                    </Typography.Text>
                  </Flex>
                ) : (
                  <Tag>管理员设定</Tag>
                ),
            },
            { title: '说明', dataIndex: 'note', ellipsis: true },
            { title: '版本', dataIndex: 'version', width: 60 },
            {
              title: '',
              width: 70,
              render: (_, e) => (
                <Popconfirm title="停用此条目？历史记录保留。" onConfirm={() => deactivate.mutate(e.id)}>
                  <Button size="small" danger type="link">
                    停用
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        title="新增派单目录条目"
        open={adding}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okText="保存"
        destroyOnHidden
      >
        <Form<EntryValues>
          form={form}
          layout="vertical"
          initialValues={{ assistUnitIds: [], source: 'admin' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="category" label="事项分类（含下级）">
            <Cascader
              options={categoryOptions(categories.data)}
              changeOnSelect
              showSearch
              placeholder="任意分类"
            />
          </Form.Item>
          <Form.Item name="region" label="区域（含下级）">
            <Cascader options={regionOptions(units.data)} changeOnSelect showSearch placeholder="任意区域" />
          </Form.Item>
          <Form.Item
            name="leadUnitId"
            label="主办单位"
            rules={[{ required: true, message: '请选择主办单位' }]}
          >
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeNodeLabelProp="name" />
          </Form.Item>
          <Form.Item name="assistUnitIds" label="协办单位">
            <TreeSelect
              treeData={tree}
              multiple
              showSearch
              treeNodeFilterProp="title"
              treeNodeLabelProp="name"
            />
          </Form.Item>
          <Form.Item name="source" label="依据">
            <Radio.Group
              options={[
                { value: 'admin', label: '管理员设定' },
                { value: 'joint_ruling', label: '联席会议裁定' },
              ]}
            />
          </Form.Item>
          {source === 'joint_ruling' && (
            <Form.Item
              name="reference"
              label="会议纪要或文号"
              rules={[{ required: true, message: '联席会议裁定须填写纪要或文号' }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          )}
          <Form.Item name="note" label="说明">
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
