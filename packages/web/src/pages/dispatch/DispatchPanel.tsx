import { MergeCellsOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Flex, Form, Input, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { DispatchSuggestions } from './DispatchSuggestions.tsx';
import { MergeModal } from './MergeModal.tsx';
import { OrderSummary } from './OrderSummary.tsx';
import { unitTree } from './unit-tree.ts';

interface DispatchValues {
  leadUnitId?: number;
  assistUnitIds: number[];
  note?: string;
}

/** 派单: one 主办 unit and any 协办 units from the organisation tree; or 合并 into a duplicate. */
export function DispatchPanel({ order, onDone }: { order: Order; onDone: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const tree = useMemo(() => unitTree(units.data), [units.data]);
  const [form] = Form.useForm<DispatchValues>();
  const [merging, setMerging] = useState(false);
  const lead = Form.useWatch('leadUnitId', form);

  const dispatch = useMutation({
    mutationFn: (v: DispatchValues) =>
      unwrap(
        api.POST('/api/orders/{id}/dispatch', {
          params: { path: { id: order.id } },
          body: {
            leadUnitId: v.leadUnitId ?? 0,
            assistUnitIds: v.assistUnitIds.filter((u) => u !== v.leadUnitId),
            note: v.note?.trim() || undefined,
            expectedVersion: order.version,
          },
        }),
      ),
    onSuccess: (o) => {
      message.success(`工单 ${o.number} 已派给${unitName(units.data, o.leadUnitId)}`);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      onDone();
    },
  });

  const picker = {
    treeData: tree,
    showSearch: true,
    treeNodeFilterProp: 'title',
    treeNodeLabelProp: 'name',
    treeDefaultExpandedKeys: tree.map((n) => n.value),
    loading: units.isPending,
    listHeight: 360,
    style: { width: '100%' },
  } as const;

  // The territorial suggestion: the street (街道乡镇) the order's region belongs to.
  let region = order.regionUnitId !== null ? units.data?.get(order.regionUnitId) : undefined;
  while (region && (region.kind === 'community' || region.kind === 'grid') && region.parentId !== null) {
    region = units.data?.get(region.parentId);
  }

  return (
    <div data-testid="dispatch-panel">
      <OrderSummary order={order} />
      <Divider style={{ margin: '12px 0' }} />
      <DispatchSuggestions
        orderId={order.id}
        onUse={(lead, assists) => form.setFieldsValue({ leadUnitId: lead, assistUnitIds: assists })}
      />
      <Form<DispatchValues>
        form={form}
        layout="vertical"
        initialValues={{ assistUnitIds: [] }}
        onFinish={(v) => dispatch.mutate(v)}
        disabled={dispatch.isPending}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !dispatch.isPending) {
            e.preventDefault();
            form.submit();
          }
        }}
      >
        <Form.Item
          name="leadUnitId"
          label="主办单位"
          rules={[{ required: true, message: '请选择主办单位' }]}
          extra={
            region && lead !== region.id ? (
              <Typography.Link onClick={() => form.setFieldValue('leadUnitId', region.id)}>
                按所属区域派给「{region.name}」
              </Typography.Link>
            ) : undefined
          }
        >
          <TreeSelect {...picker} placeholder="输入单位名称搜索，如“望江街道”“住建局”" />
        </Form.Item>
        <Form.Item name="assistUnitIds" label="协办单位（可多选）">
          <TreeSelect
            {...picker}
            multiple
            placeholder="可选：配合办理的部门或单位"
            maxTagCount="responsive"
          />
        </Form.Item>
        <Form.Item name="note" label="派单说明" rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="可选：办理要求、注意事项" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            onClick={() => form.submit()}
            loading={dispatch.isPending}
          >
            派单
          </Button>
          <Button size="large" icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
            合并到其他工单
          </Button>
          <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 派单
          </Typography.Text>
        </Flex>
      </Form>
      {merging && (
        <MergeModal
          order={order}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            onDone();
          }}
        />
      )}
    </div>
  );
}
