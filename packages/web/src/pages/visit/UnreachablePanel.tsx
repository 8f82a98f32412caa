import { PhoneOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Popconfirm, Progress, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { runStep, STEP_QUIET_ERRORS, StepConflict } from '../review/StepConflict.tsx';
import { useVisitAttempts, VISIT_ATTEMPTS_REQUIRED } from './visit-attempts.ts';

type CloseReason = 'unreachable' | 'declined_visit';

/** 无法联系 / 拒绝回访: close the order unvisited (办结, not counted as visited in 满意率). */
export function UnreachablePanel({
  order,
  note,
  onDone,
  onRefresh,
  refreshing,
}: {
  order: Order;
  note: string;
  onDone: () => void;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { attempts, record, clear } = useVisitAttempts(order.id);
  const enough = attempts.length >= VISIT_ATTEMPTS_REQUIRED;

  const close = useMutation({
    mutationFn: (reason: CloseReason) => {
      const tried = attempts.map((a, i) => `第${i + 1}次 ${dayjs(a).format('MM-DD HH:mm')}`).join('；');
      const parts = [
        reason === 'unreachable' ? `${attempts.length}次致电未接通（${tried}）` : '诉求人拒绝回访',
        note.trim(),
      ].filter(Boolean);
      return runStep(order, () =>
        unwrap(
          api.POST('/api/orders/{id}/close', {
            params: { path: { id: order.id } },
            body: { reason, note: parts.join('。'), expectedVersion: order.version },
          }),
        ),
      );
    },
    onSuccess: (o, reason) => {
      clear();
      message.success(`工单 ${o.number} 已按${reason === 'unreachable' ? '无法联系' : '拒绝回访'}办结`);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      onDone();
    },
    meta: { quietErrors: STEP_QUIET_ERRORS },
  });

  return (
    <div data-testid="unreachable-panel">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        须致电 {VISIT_ATTEMPTS_REQUIRED} 次均未接通，方可按无法联系办结；诉求人明确拒绝的，按拒绝回访办结。
      </Typography.Text>
      <Flex align="center" gap={12} style={{ marginTop: 8 }}>
        <Progress
          percent={Math.min(100, (attempts.length / VISIT_ATTEMPTS_REQUIRED) * 100)}
          steps={VISIT_ATTEMPTS_REQUIRED}
          showInfo={false}
          size={[28, 8]}
        />
        <Typography.Text className="tabular">
          已记录 {attempts.length} / {VISIT_ATTEMPTS_REQUIRED} 次未接通
        </Typography.Text>
      </Flex>
      {attempts.length > 0 && (
        <Flex gap={4} wrap style={{ marginTop: 6 }}>
          {attempts.map((a, i) => (
            <Tag key={a} className="tabular" style={{ marginInlineEnd: 0 }}>
              第{i + 1}次 {dayjs(a).format('MM-DD HH:mm')}
            </Tag>
          ))}
        </Flex>
      )}
      <Flex gap={8} wrap style={{ marginTop: 10 }}>
        <Button icon={<PhoneOutlined />} onClick={record} disabled={close.isPending}>
          记录一次未接通
        </Button>
        <Popconfirm
          title="按无法联系办结？"
          description="工单将办结，不计入已回访工单。"
          okText="确认办结"
          cancelText="取消"
          disabled={!enough}
          onConfirm={() => close.mutate('unreachable')}
        >
          <Button danger disabled={!enough} loading={close.isPending && close.variables === 'unreachable'}>
            无法联系，办结
          </Button>
        </Popconfirm>
        <Popconfirm
          title="诉求人明确拒绝回访？"
          description="工单将按拒绝回访办结，回访记录可写明情况。"
          okText="确认办结"
          cancelText="取消"
          onConfirm={() => close.mutate('declined_visit')}
        >
          <Button
            icon={<StopOutlined />}
            loading={close.isPending && close.variables === 'declined_visit'}
            disabled={close.isPending}
          >
            拒绝回访
          </Button>
        </Popconfirm>
      </Flex>
      <StepConflict
        error={close.error}
        onRefresh={() => {
          close.reset();
          onRefresh();
        }}
        refreshing={refreshing}
      />
    </div>
  );
}
