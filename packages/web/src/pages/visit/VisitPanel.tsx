import { useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Divider, Row, Typography } from 'antd';
import { useState } from 'react';
import type { Order } from '../../api/types.ts';
import { formatDuration } from '../orders/deadline.ts';
import { Pane, PanelHeader, TimelineSection } from '../review/OrderFacts.tsx';
import { latestReply, redoVisits, useTimeline } from '../review/order-events.ts';
import { ReplyView } from '../review/ReplyView.tsx';
import { ContactReveal } from './ContactReveal.tsx';
import { UnreachablePanel } from './UnreachablePanel.tsx';
import { VisitOutcome } from './VisitOutcome.tsx';
import { VisitScript } from './VisitScript.tsx';

/**
 * 回访: the script with the citizen's number beside the outcome, so a visitor can talk and click
 * without scrolling; the unit's full reply, 无法联系 and the timeline below.
 */
export function VisitPanel({
  order,
  now,
  onDone,
  onRefresh,
  refreshing,
}: {
  order: Order;
  now: number;
  onDone: () => void;
  onRefresh: () => Promise<void>;
  refreshing: boolean;
}) {
  const queryClient = useQueryClient();
  const timeline = useTimeline(order.id);
  const reply = latestReply(timeline.data?.items);
  const pastRedos = redoVisits(timeline.data?.items).length;
  const [note, setNote] = useState('');

  const refresh = async () => {
    void queryClient.invalidateQueries({ queryKey: ['orders', 'timeline', order.id] });
    await onRefresh();
  };

  return (
    <div data-testid="visit-panel">
      <PanelHeader
        order={order}
        extra={
          <Typography.Text type="secondary" className="tabular">
            待回访 · 已等待 {formatDuration(Math.max(now - new Date(order.updatedAt).getTime(), 60_000))}
          </Typography.Text>
        }
      />
      {pastRedos > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 10 }}
          title={`该工单此前回访不满意已重办 ${pastRedos} 次，请重点询问本次办理是否真正解决了问题`}
        />
      )}
      <Row gutter={12} style={{ marginTop: 10 }} align="stretch">
        <Col span={11}>
          <Pane title="回访话术">
            <div style={{ marginBottom: 6 }}>
              <ContactReveal order={order} />
            </div>
            <VisitScript order={order} reply={reply} />
          </Pane>
        </Col>
        <Col span={13}>
          <Pane title="回访结果">
            <VisitOutcome
              order={order}
              note={note}
              onNote={setNote}
              onDone={onDone}
              onRefresh={refresh}
              refreshing={refreshing}
            />
          </Pane>
        </Col>
      </Row>
      <Row gutter={12} style={{ marginTop: 12 }} align="stretch">
        <Col span={11}>
          <Pane title="承办答复">
            <ReplyView events={timeline.data?.items} pending={timeline.isPending} />
          </Pane>
        </Col>
        <Col span={13}>
          <Pane title="无法联系">
            <UnreachablePanel
              order={order}
              note={note}
              onDone={onDone}
              onRefresh={() => void refresh()}
              refreshing={refreshing}
            />
          </Pane>
        </Col>
      </Row>
      <Divider style={{ margin: '12px 0 0', border: 'none' }} />
      <TimelineSection timeline={timeline} />
    </div>
  );
}
