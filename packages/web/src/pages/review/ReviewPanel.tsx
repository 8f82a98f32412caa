import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Divider, Flex, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { formatDuration } from '../orders/deadline.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { Pane, PanelHeader, RequestView, TimelineSection } from './OrderFacts.tsx';
import { latestReply, useTimeline } from './order-events.ts';
import { ReplyCheckFlags } from './ReplyCheckFlags.tsx';
import { ReplyView } from './ReplyView.tsx';
import { ReviewChecklist } from './ReviewChecklist.tsx';
import { runStep, STEP_QUIET_ERRORS, StepConflict } from './StepConflict.tsx';

export type ReviewLevel = 'unit' | 'centre';
export const LEVEL_NAMES: Record<ReviewLevel, string> = { unit: '单位审核', centre: '中心审核' };

/**
 * 审核: the citizen's request and the unit's reply side by side, the review points, then 通过 (on to
 * the next review level or the visit) or 驳回 with a reason (back to the handling unit to redo).
 */
export function ReviewPanel({
  order,
  level,
  now,
  onDone,
  onRefresh,
  refreshing,
}: {
  order: Order;
  level: ReviewLevel;
  now: number;
  onDone: () => void;
  onRefresh: () => Promise<void>;
  refreshing: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const timeline = useTimeline(order.id);
  const [opinion, setOpinion] = useState('');
  const [opinionError, setOpinionError] = useState(false);
  const reply = latestReply(timeline.data?.items);
  const handlingUnit = unitName(units.data, order.handlingUnitId) ?? '承办单位';

  const done = (text: string) => {
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
    onDone();
  };
  const approve = useMutation({
    mutationFn: () =>
      runStep(order, () =>
        unwrap(
          api.POST('/api/orders/{id}/review/approve', {
            params: { path: { id: order.id } },
            body: { note: opinion.trim() || undefined, expectedVersion: order.version },
          }),
        ),
      ),
    onSuccess: (o) => done(`工单 ${o.number} ${LEVEL_NAMES[level]}通过，已转「${o.stateLabel}」`),
    meta: { quietErrors: STEP_QUIET_ERRORS },
  });
  const reject = useMutation({
    mutationFn: () =>
      runStep(order, () =>
        unwrap(
          api.POST('/api/orders/{id}/review/reject', {
            params: { path: { id: order.id } },
            body: { reason: opinion.trim(), expectedVersion: order.version },
          }),
        ),
      ),
    onSuccess: (o) => done(`已驳回，工单 ${o.number} 退回${handlingUnit}重新办理（${o.stateLabel}）`),
    meta: { quietErrors: STEP_QUIET_ERRORS },
  });
  const busy = approve.isPending || reject.isPending;
  const failed = approve.error ?? reject.error;

  const refresh = async () => {
    approve.reset();
    reject.reset();
    void queryClient.invalidateQueries({ queryKey: ['orders', 'timeline', order.id] });
    await onRefresh();
  };

  return (
    <div data-testid="review-panel">
      <PanelHeader
        order={order}
        extra={
          <Typography.Text type="secondary" className="tabular">
            待{LEVEL_NAMES[level]} · 已等待{' '}
            {formatDuration(Math.max(now - new Date(order.updatedAt).getTime(), 60_000))}
          </Typography.Text>
        }
      />
      <Row gutter={12} style={{ marginTop: 10 }} align="stretch">
        <Col span={12}>
          <Pane title="市民诉求">
            <RequestView order={order} />
          </Pane>
        </Col>
        <Col span={12}>
          <Pane title="承办答复">
            <ReplyView events={timeline.data?.items} pending={timeline.isPending} />
          </Pane>
        </Col>
      </Row>
      <ReplyCheckFlags orderId={order.id} />
      <Divider style={{ margin: '12px 0' }} />
      <ReviewChecklist contactedCitizen={reply ? reply.contactedCitizen : null} />
      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        审核意见
      </Typography.Text>
      <Input.TextArea
        aria-label="审核意见"
        value={opinion}
        onChange={(e) => {
          setOpinion(e.target.value);
          if (e.target.value.trim()) setOpinionError(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !busy) {
            e.preventDefault();
            approve.mutate();
          }
        }}
        status={opinionError ? 'error' : undefined}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder="通过时可选；驳回时必须写明理由，如“答复未说明是否已联系诉求人，请补充沟通情况”"
        style={{ marginTop: 6 }}
        disabled={busy}
      />
      {opinionError && <Typography.Text type="danger">驳回必须填写理由</Typography.Text>}
      <StepConflict error={failed} onRefresh={() => void refresh()} refreshing={refreshing} />
      <Flex gap={12} align="center" style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckOutlined />}
          loading={approve.isPending}
          disabled={busy || timeline.isPending}
          onClick={() => approve.mutate()}
        >
          审核通过
        </Button>
        <Button
          danger
          size="large"
          icon={<RollbackOutlined />}
          loading={reject.isPending}
          disabled={busy || timeline.isPending}
          onClick={() => {
            if (!opinion.trim()) setOpinionError(true);
            else reject.mutate();
          }}
        >
          驳回
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          驳回后退回{handlingUnit}继续办理、重新答复 · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 通过
        </Typography.Text>
      </Flex>
      <TimelineSection timeline={timeline} />
    </div>
  );
}
