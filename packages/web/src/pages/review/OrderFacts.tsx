import { Collapse, Descriptions, Empty, Flex, Result, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/error-handling.ts';
import type { Order, OrderEvent } from '../../api/types.ts';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../orders/labels.ts';
import { CardMark, StateTag } from '../orders/OrderBadges.tsx';
import { timelineItem } from '../orders/OrderDetailPage.tsx';
import { categoryPath, unitName, useCategories, useUnits } from '../orders/reference.ts';
import type { useTimeline } from './order-events.ts';

export const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** The order's number (opens the full detail in a new tab), state and marks. */
export function PanelHeader({ order: o, extra }: { order: Order; extra?: ReactNode }) {
  return (
    <Flex align="center" gap={8} wrap justify="space-between">
      <Flex align="center" gap={8} wrap>
        <Link to={`/orders/${o.id}`} target="_blank" className="tabular" style={{ fontWeight: 600 }}>
          {o.number}
        </Link>
        <StateTag state={o.state} label={o.stateLabel} />
        {o.urgency !== 'general' && (
          <Tag color={o.urgency === 'urgent' ? 'red' : 'purple'} style={{ marginInlineEnd: 0 }}>
            {URGENCY_LABELS[o.urgency]}
          </Tag>
        )}
        <Tag style={{ marginInlineEnd: 0 }}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
        {o.redoCount > 0 && (
          <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
            第 {o.redoCount} 次重办
          </Tag>
        )}
        {o.finalReply && (
          <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
            最终答复
          </Tag>
        )}
        <CardMark card={o.card} />
      </Flex>
      {extra}
    </Flex>
  );
}

/** A titled column of the side-by-side view. */
export function Pane({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section
      style={{
        border: '1px solid #e5e9f0',
        borderRadius: 8,
        padding: '10px 12px',
        height: '100%',
        minWidth: 0,
      }}
    >
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 6 }}>
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/** 诉求: what the citizen asked, as recorded at intake. */
export function RequestView({ order: o, phone }: { order: Order; phone?: ReactNode }) {
  const units = useUnits();
  const categories = useCategories();
  return (
    <div data-testid="request-view">
      <Typography.Text strong style={{ display: 'block', fontSize: 15 }}>
        {o.title}
      </Typography.Text>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', margin: '4px 0 8px' }}
        ellipsis={{ rows: 8, expandable: 'collapsible', symbol: (open) => (open ? '收起' : '展开') }}
      >
        {o.content}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 72 } }}
        items={[
          { key: 'citizen', label: '诉求人', children: phone ?? <Citizen order={o} /> },
          {
            key: 'created',
            label: '受理',
            children: `${fmt(o.createdAt)} · ${CHANNEL_LABELS[o.channel]}`,
          },
          {
            key: 'category',
            label: '事项分类',
            children: categoryPath(categories.data, o.categoryId) ?? '—',
          },
          { key: 'address', label: '地址', children: o.address || '—' },
          {
            key: 'units',
            label: '承办单位',
            children: (
              <span>
                {unitName(units.data, o.leadUnitId) ?? '—'}
                {o.handlingUnitId !== null && o.handlingUnitId !== o.leadUnitId && (
                  <Typography.Text type="secondary">
                    （下派至{unitName(units.data, o.handlingUnitId)}）
                  </Typography.Text>
                )}
                {o.assistUnitIds.length > 0 && (
                  <Typography.Text type="secondary" style={{ display: 'block' }}>
                    协办：{o.assistUnitIds.map((u) => unitName(units.data, u)).join('、')}
                  </Typography.Text>
                )}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}

function Citizen({ order: o }: { order: Order }) {
  return (
    <Space size={8}>
      <span>{o.citizenName || '—'}</span>
      <span className="tabular">{o.citizenPhone ?? ''}</span>
    </Space>
  );
}

/** The full timeline, folded: every step with who, when and the note. */
export function TimelineSection({ timeline }: { timeline: ReturnType<typeof useTimeline> }) {
  const units = useUnits();
  const items: OrderEvent[] = timeline.data?.items ?? [];
  return (
    <Collapse
      size="small"
      style={{ marginTop: 12 }}
      items={[
        {
          key: 'timeline',
          label: `流转记录（${timeline.isPending ? '…' : items.length} 条）`,
          children: timeline.isError ? (
            <Result status="warning" title="流转记录加载失败" subTitle={describeError(timeline.error)} />
          ) : items.length > 0 ? (
            <Timeline
              data-testid="order-timeline"
              items={items.map((e) => timelineItem(e, (uid) => unitName(units.data, uid)))}
            />
          ) : (
            <Empty description="暂无流转记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ),
        },
      ]}
    />
  );
}
