import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Col, Empty, Input, Modal, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order, OrderState } from '../../api/types.ts';
import { OrderSummary } from './OrderSummary.tsx';

const OPEN: ReadonlySet<OrderState> = new Set([
  'pending_dispatch',
  'dispatched',
  'handling',
  'return_requested',
]);

/**
 * 合并 (并单): the selected order is closed as a duplicate of another open order. Both are shown side
 * by side before the dispatcher confirms.
 */
export function MergeModal({
  order,
  onClose,
  onMerged,
}: {
  order: Order;
  onClose: () => void;
  onMerged: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [targetId, setTargetId] = useState<number | null>(null);
  const [note, setNote] = useState('');

  // Duplicates are recent: the newest orders that are still open, searchable by number or title.
  const candidates = useQuery({
    queryKey: ['orders', 'list', { sort: 'newest', limit: 100 }],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders', { params: { query: { sort: 'newest', limit: 100 } }, signal })),
    select: (page) => page.items.filter((o) => o.id !== order.id && OPEN.has(o.state)),
  });
  const target = candidates.data?.find((o) => o.id === targetId) ?? null;

  const merge = useMutation({
    mutationFn: (into: Order) =>
      unwrap(
        api.POST('/api/orders/{id}/merge', {
          params: { path: { id: order.id } },
          body: { intoOrderId: into.id, note: note.trim() || undefined, expectedVersion: order.version },
        }),
      ),
    onSuccess: (_o, into) => {
      message.success(`工单 ${order.number} 已合并到 ${into.number}`);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      onMerged();
    },
  });

  return (
    <Modal
      open
      title={`合并工单 ${order.number}`}
      width={1040}
      onCancel={onClose}
      okText="确认合并"
      cancelText="取消"
      okButtonProps={{ disabled: !target, danger: true }}
      confirmLoading={merge.isPending}
      onOk={() => target && merge.mutate(target)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        合并后本工单以「已合并」办结，由目标工单继续办理，诉求人可凭原编号查询进度。
      </Typography.Paragraph>
      <Select
        aria-label="合并到的工单"
        showSearch={{
          filterOption: (input, option) => (option?.label ?? '').toString().includes(input.trim()),
        }}
        autoFocus
        allowClear
        loading={candidates.isPending}
        placeholder="输入工单编号或标题关键字，选择要并入的工单"
        style={{ width: '100%' }}
        value={targetId}
        onChange={(v: number | null | undefined) => setTargetId(v ?? null)}
        options={(candidates.data ?? []).map((o) => ({ value: o.id, label: `${o.number} ${o.title}` }))}
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={12}>
          <Card size="small" title="本工单（将被合并）" style={{ height: '100%' }}>
            <OrderSummary order={order} compact />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="并入目标工单" style={{ height: '100%' }}>
            {target ? (
              <OrderSummary order={target} compact />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请先选择目标工单" />
            )}
          </Card>
        </Col>
      </Row>
      <Input.TextArea
        aria-label="合并说明"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder="可选：合并说明，如“同一小区同一问题”"
        style={{ marginTop: 16 }}
      />
    </Modal>
  );
}
