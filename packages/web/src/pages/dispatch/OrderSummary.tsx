import { Descriptions, Flex, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { Order } from '../../api/types.ts';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../orders/labels.ts';
import { CardMark, StateTag } from '../orders/OrderBadges.tsx';
import { categoryPath, unitName, useCategories, useUnits } from '../orders/reference.ts';

/** What the dispatcher reads before deciding: the request itself and where it is. */
export function OrderSummary({ order: o, compact = false }: { order: Order; compact?: boolean }) {
  const units = useUnits();
  const categories = useCategories();
  return (
    <div>
      <Flex align="center" gap={8} wrap>
        <Link to={`/orders/${o.id}`} target="_blank" className="tabular">
          {o.number}
        </Link>
        <StateTag state={o.state} label={o.stateLabel} />
        {o.urgency !== 'general' && (
          <Tag color={o.urgency === 'urgent' ? 'red' : 'purple'} style={{ marginInlineEnd: 0 }}>
            {URGENCY_LABELS[o.urgency]}
          </Tag>
        )}
        <Tag style={{ marginInlineEnd: 0 }}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
        <CardMark card={o.card} />
      </Flex>
      <Typography.Title level={5} style={{ margin: '8px 0 4px' }}>
        {o.title}
      </Typography.Title>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}
        ellipsis={compact ? { rows: 6, expandable: true, symbol: '展开' } : false}
      >
        {o.content}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={2}
        items={[
          {
            key: 'category',
            label: '事项分类',
            span: 2,
            children: categoryPath(categories.data, o.categoryId) ?? '—',
          },
          { key: 'region', label: '所属区域', children: unitName(units.data, o.regionUnitId) ?? '—' },
          {
            key: 'created',
            label: '受理',
            children: `${dayjs(o.createdAt).format('MM-DD HH:mm')} · ${CHANNEL_LABELS[o.channel]}`,
          },
          { key: 'address', label: '地址', span: 2, children: o.address || '—' },
          {
            key: 'citizen',
            label: '诉求人',
            span: 2,
            children: (
              <Space size={8}>
                <span>{o.citizenName || '—'}</span>
                <span className="tabular">{o.citizenPhone ?? ''}</span>
              </Space>
            ),
          },
          ...(o.leadUnitId !== null
            ? [
                {
                  key: 'lead',
                  label: '主办单位',
                  children: unitName(units.data, o.leadUnitId),
                },
                {
                  key: 'assist',
                  label: '协办单位',
                  children: o.assistUnitIds.map((u) => unitName(units.data, u)).join('、') || '—',
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
