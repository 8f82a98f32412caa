import { Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Order, OrderCard, OrderState } from '../../api/types.ts';
import { deadlineUrgency, formatDuration, runningDeadline } from './deadline.ts';
import { STATE_COLORS } from './labels.ts';

export function StateTag({ state, label }: { state: OrderState; label: string }) {
  return (
    <Tag color={STATE_COLORS[state]} data-state={state} style={{ marginInlineEnd: 0 }}>
      {label}
    </Tag>
  );
}

/** 黄牌 / 红牌: the server's time-limit scanner sets the card; it stays on the order's record. */
export function CardMark({ card }: { card: OrderCard }) {
  if (card === 'none') return null;
  const red = card === 'red';
  return (
    <Tooltip title={red ? '红牌：已超过时限' : '黄牌：临近办理时限'}>
      <Tag color={red ? 'red' : 'gold'} variant="solid" style={{ marginInlineEnd: 0 }}>
        {red ? '红牌' : '黄牌'}
      </Tag>
    </Tooltip>
  );
}

const URGENCY_TONE = { overdue: 'danger', warning: 'warning', normal: undefined } as const;

/** Countdown to the deadline of the clock that runs now, with the card mark beside it. */
export function DeadlineCell({ order, now }: { order: Order; now: number }) {
  const deadline = runningDeadline(order);
  if (!deadline) {
    return (
      <Space size={6}>
        <Typography.Text type="secondary">—</Typography.Text>
        <CardMark card={order.card} />
      </Space>
    );
  }
  const left = deadline.dueAt.getTime() - now;
  const urgency = deadlineUrgency(deadline, now);
  return (
    <Space size={6} wrap={false}>
      <Tooltip title={`${deadline.label}时限：${dayjs(deadline.dueAt).format('YYYY-MM-DD HH:mm')}`}>
        <Typography.Text type={URGENCY_TONE[urgency]} className="tabular" style={{ whiteSpace: 'nowrap' }}>
          <span style={{ opacity: 0.65, marginInlineEnd: 4 }}>{deadline.label}</span>
          {left > 0 ? `剩 ${formatDuration(left)}` : `超期 ${formatDuration(left)}`}
        </Typography.Text>
      </Tooltip>
      <CardMark card={order.card} />
    </Space>
  );
}
