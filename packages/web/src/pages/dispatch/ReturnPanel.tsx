import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Divider, Flex, Input, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { OrderSummary } from './OrderSummary.tsx';

/**
 * 退单审核: the unit says the order is not theirs. 同意 sends it back to the dispatch queue for a new
 * unit; 驳回 (reason required) sends it back to the same unit to handle.
 */
export function ReturnPanel({ order, onDone }: { order: Order; onDone: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);

  const timeline = useQuery({
    queryKey: ['orders', 'timeline', order.id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders/{id}/timeline', { params: { path: { id: order.id } }, signal })),
  });
  const returned = timeline.data?.items.filter((e) => e.action === 'return').at(-1);
  const returnReason =
    typeof returned?.payload.reason === 'string' && returned.payload.reason
      ? returned.payload.reason
      : (returned?.note ?? null);

  const done = (text: string) => {
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
    onDone();
  };
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orders/{id}/return/accept', {
          params: { path: { id: order.id } },
          body: { note: reason.trim() || undefined, expectedVersion: order.version },
        }),
      ),
    onSuccess: () => done(`已同意退单，工单 ${order.number} 回到待派单`),
  });
  const reject = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orders/{id}/return/reject', {
          params: { path: { id: order.id } },
          body: { reason: reason.trim(), expectedVersion: order.version },
        }),
      ),
    onSuccess: () => done(`已驳回退单，工单 ${order.number} 由原单位继续办理`),
  });
  const busy = accept.isPending || reject.isPending;

  return (
    <div data-testid="return-panel">
      <OrderSummary order={order} />
      <Divider style={{ margin: '12px 0' }} />
      {timeline.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={
            returned
              ? `${unitName(units.data, returned.actorUnitId) ?? '承办单位'}申请退单 · ${dayjs(returned.createdAt).format('MM-DD HH:mm')}${returned.actorName ? ` · ${returned.actorName}` : ''}`
              : '承办单位申请退单'
          }
          description={
            <span data-testid="return-reason" style={{ whiteSpace: 'pre-wrap' }}>
              退单理由：{returnReason ?? '（未找到退单理由）'}
            </span>
          }
        />
      )}
      <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
        审核意见
      </Typography.Text>
      <Input.TextArea
        aria-label="审核意见"
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          if (e.target.value.trim()) setReasonError(false);
        }}
        status={reasonError ? 'error' : undefined}
        maxLength={2000}
        autoSize={{ minRows: 3, maxRows: 6 }}
        placeholder="同意时可选；驳回时必须说明理由，如“该路段属贵单位管辖，请继续办理”"
        style={{ marginTop: 8 }}
        disabled={busy}
      />
      {reasonError && <Typography.Text type="danger">驳回退单必须填写理由</Typography.Text>}
      <Flex gap={12} style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckOutlined />}
          loading={accept.isPending}
          disabled={busy}
          onClick={() => accept.mutate()}
        >
          同意退单
        </Button>
        <Button
          danger
          size="large"
          icon={<CloseOutlined />}
          loading={reject.isPending}
          disabled={busy}
          onClick={() => {
            if (!reason.trim()) setReasonError(true);
            else reject.mutate();
          }}
        >
          驳回退单
        </Button>
      </Flex>
    </div>
  );
}
