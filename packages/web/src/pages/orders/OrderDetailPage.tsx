import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { DescriptionsProps } from 'antd';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import type { Order, OrderEvent } from '../../api/types.ts';
import { useNow } from './deadline.ts';
import {
  CHANNEL_LABELS,
  REQUEST_TYPE_LABELS,
  SATISFACTION_LABELS,
  STATE_LABELS,
  URGENCY_LABELS,
} from './labels.ts';
import { CardMark, DeadlineCell, StateTag } from './OrderBadges.tsx';
import { categoryPath, unitName, useCategories, useUnits } from './reference.ts';

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
const dash = (v: string | null | undefined) => v || '—';

function NotFoundState() {
  return (
    <Result
      status="404"
      title="工单不存在或无权查看"
      subTitle="该工单不存在，或不在您所在单位的办理范围内。请核对工单编号，或从工单列表进入。"
      extra={
        <Link to="/orders">
          <Button type="primary">返回工单列表</Button>
        </Link>
      }
    />
  );
}

/** 工单详情: what was asked, where it stands, and the immutable timeline of every step. */
export default function OrderDetailPage() {
  const params = useParams();
  const id = Number(params.id);
  const validId = Number.isSafeInteger(id) && id > 0;
  const now = useNow();
  const units = useUnits();
  const categories = useCategories();

  const order = useQuery({
    queryKey: ['orders', 'detail', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/orders/{id}', { params: { path: { id } }, signal })),
    enabled: validId,
    meta: { quietErrors: ['NOT_FOUND', 'VALIDATION_FAILED'] },
  });
  const timeline = useQuery({
    queryKey: ['orders', 'timeline', id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders/{id}/timeline', { params: { path: { id } }, signal })),
    enabled: validId && order.isSuccess,
  });

  if (!validId || isApiError(order.error, 'NOT_FOUND') || isApiError(order.error, 'VALIDATION_FAILED')) {
    return <NotFoundState />;
  }
  if (order.isError) {
    return (
      <Result
        status="error"
        title="工单加载失败"
        subTitle={describeError(order.error)}
        extra={<Button onClick={() => void order.refetch()}>重新加载</Button>}
      />
    );
  }
  if (!order.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  const o = order.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space size={12}>
            <Link to="/orders" aria-label="返回工单列表">
              <ArrowLeftOutlined />
            </Link>
            <span>工单 {o.number}</span>
            <StateTag state={o.state} label={o.stateLabel} />
            <CardMark card={o.card} />
          </Space>
        }
        extra={<DeadlineCell order={o} now={now} />}
      >
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {o.title}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {o.content}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16} align="top">
        <Col span={15}>
          <Card title="工单信息">
            <Descriptions
              column={2}
              size="small"
              items={orderFields(o, {
                unit: (uid) => unitName(units.data, uid),
                category: (cid) => categoryPath(categories.data, cid),
              })}
            />
          </Card>
        </Col>
        <Col span={9}>
          <Card title="流转记录" loading={timeline.isPending}>
            {timeline.isError ? (
              <Result status="warning" title="流转记录加载失败" subTitle={describeError(timeline.error)} />
            ) : timeline.data && timeline.data.items.length > 0 ? (
              <Timeline
                data-testid="order-timeline"
                items={timeline.data.items.map((e) => timelineItem(e, (uid) => unitName(units.data, uid)))}
              />
            ) : (
              <Empty description="暂无流转记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function orderFields(
  o: Order,
  names: { unit: (id: number | null) => string | null; category: (id: number | null) => string | null },
): DescriptionsProps['items'] {
  const assist = o.assistUnitIds.map((u) => names.unit(u)).join('、');
  return [
    { key: 'state', label: '当前状态', children: STATE_LABELS[o.state] },
    { key: 'type', label: '诉求类型', children: REQUEST_TYPE_LABELS[o.requestType] },
    { key: 'urgency', label: '紧急程度', children: URGENCY_LABELS[o.urgency] },
    { key: 'channel', label: '受理渠道', children: CHANNEL_LABELS[o.channel] },
    { key: 'category', label: '事项分类', children: dash(names.category(o.categoryId)), span: 2 },
    { key: 'citizen', label: '诉求人', children: dash(o.citizenName) },
    { key: 'phone', label: '联系电话', children: <span className="tabular">{dash(o.citizenPhone)}</span> },
    { key: 'address', label: '地址', children: dash(o.address), span: 2 },
    { key: 'region', label: '所属区域', children: dash(names.unit(o.regionUnitId)) },
    { key: 'lead', label: '主办单位', children: dash(names.unit(o.leadUnitId)) },
    { key: 'handling', label: '当前承办', children: dash(names.unit(o.handlingUnitId)) },
    { key: 'assist', label: '协办单位', children: dash(assist) },
    { key: 'created', label: '受理时间', children: time(o.createdAt) },
    { key: 'dispatched', label: '派单时间', children: time(o.dispatchedAt) },
    { key: 'signed', label: '签收时间', children: time(o.signedAt) },
    { key: 'replied', label: '答复时间', children: time(o.repliedAt) },
    { key: 'handleDue', label: '办理时限', children: time(o.handleDueAt) },
    { key: 'closed', label: '办结时间', children: time(o.closedAt) },
    {
      key: 'counts',
      label: '流转次数',
      span: 2,
      children: `派单 ${o.dispatchCount} 次 · 退单 ${o.returnCount} 次 · 延期 ${o.extensionCount} 次 · 重办 ${o.redoCount} 次`,
    },
    {
      key: 'satisfaction',
      label: '回访结果',
      span: 2,
      children: o.satisfaction
        ? `${SATISFACTION_LABELS[o.satisfaction]} · ${o.resolved ? '已解决' : '未解决'}`
        : '—',
    },
    ...(o.finalReply
      ? [{ key: 'final', label: '最终答复', children: '是（同一诉求不再重复受理）', span: 2 }]
      : []),
  ];
}

const ACTION_COLORS: Record<string, string> = {
  direct_answer: 'green',
  approve_review: 'green',
  visit: 'green',
  close: 'green',
  return: 'red',
  reject_review: 'red',
  reject_return: 'red',
  withdraw: 'gray',
  merge: 'gray',
};

export function timelineItem(e: OrderEvent, unit: (id: number | null) => string | null) {
  const actorUnit = unit(e.actorUnitId);
  return {
    key: e.seq,
    color: ACTION_COLORS[e.action] ?? 'blue',
    content: (
      <div data-testid="timeline-event">
        <Space size={8} wrap>
          <Typography.Text strong>{e.actionLabel}</Typography.Text>
          {e.fromState && e.fromState !== e.toState && (
            <Typography.Text type="secondary">
              {STATE_LABELS[e.fromState]} → {STATE_LABELS[e.toState]}
            </Typography.Text>
          )}
        </Space>
        <div>
          <Typography.Text type="secondary" className="tabular">
            {time(e.createdAt)} · {e.actorName ?? '系统'}
            {actorUnit ? `（${actorUnit}）` : ''}
          </Typography.Text>
        </div>
        {e.note && (
          <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
            {e.note}
          </Typography.Paragraph>
        )}
      </div>
    ),
  };
}
