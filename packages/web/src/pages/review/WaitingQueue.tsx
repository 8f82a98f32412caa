import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Result, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import type { Order, OrderState } from '../../api/types.ts';
import type { useQueue } from '../dispatch/OrderQueue.tsx';
import { formatDuration } from '../orders/deadline.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { REQUEST_TYPE_LABELS } from '../orders/labels.ts';
import { CardMark } from '../orders/OrderBadges.tsx';
import { unitName, useUnits } from '../orders/reference.ts';

export type Queue = ReturnType<typeof useQueue>;

const DAY = 24 * 60 * 60_000;

/** Counts per state in the user's data scope, for the tab badges (GET /api/orders/queue-counts). */
export function useQueueCounts(states: readonly OrderState[]) {
  return useQuery({
    queryKey: ['orders', 'queue-counts', states],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orders/queue-counts', { params: { query: { states: states.join(',') } }, signal }),
      ),
    enabled: states.length > 0,
    refetchInterval: 60_000,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

/**
 * How many a queue holds, for its tab: the server's count, else what is loaded (with 「+」 while the
 * server has more).
 */
export function queueCount(
  queue: Queue,
  counted?: { counts: Record<string, number>; capped: boolean; cap: number },
  state?: OrderState,
): string | null {
  const n = counted && state ? counted.counts[state] : undefined;
  if (n !== undefined) return counted?.capped && n >= (counted?.cap ?? 0) ? `${n}+` : String(n);
  if (!queue.data) return null;
  const loaded = queue.data.pages.reduce((sum, p) => sum + p.items.length, 0);
  return queue.hasNextPage ? `${loaded}+` : String(loaded);
}

/** The tab title with its count badge. */
export function TabLabel({ text, count }: { text: string; count: string | number | null }) {
  return (
    <Flex gap={6} align="center">
      <span>{text}</span>
      {count !== null && (
        <Tag color={count === '0' || count === 0 ? 'default' : 'blue'} style={{ marginInlineEnd: 0 }}>
          {count}
        </Tag>
      )}
    </Flex>
  );
}

/**
 * A queue of orders waiting on someone (审核, 回访), oldest first, beside the order at hand. The
 * waiting time is since the order entered the state (the server orders these queues by it).
 */
export function QueueWorkspace({
  queue,
  now,
  emptyText,
  emptyHint,
  hint,
  filter,
  panel,
}: {
  queue: Queue;
  now: number;
  emptyText: string;
  emptyHint?: string;
  hint: string;
  /** Rows the user can see but not act on (e.g. a unit reviewer's assisting orders) are left out. */
  filter?: ((order: Order) => boolean) | undefined;
  panel: (
    order: Order,
    actions: { next: () => void; refresh: () => Promise<void>; refreshing: boolean },
  ) => ReactNode;
}) {
  const { message } = App.useApp();
  const units = useUnits();
  const [selected, setSelected] = useState<Order | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const all = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = filter ? all.filter(filter) : all;
  // The queue's copy is the freshest (its version moves when someone else acts on the order).
  const current = selected ? (rows.find((o) => o.id === selected.id) ?? selected) : null;

  const next = () => {
    const at = current ? rows.findIndex((o) => o.id === current.id) : -1;
    setSelected(rows.find((o, i) => i > at && o.id !== current?.id) ?? null);
  };
  const refresh = async () => {
    if (!current) return;
    setRefreshing(true);
    try {
      const result = await queue.refetch();
      const still = result.data?.pages.some((p) => p.items.some((o) => o.id === current.id));
      if (!still) {
        message.info(`工单 ${current.number} 已被他人处理，已移出队列`);
        setSelected(null);
      }
    } finally {
      setRefreshing(false);
    }
  };

  const columns: ColumnsType<Order> = [
    {
      title: '工单编号',
      dataIndex: 'number',
      width: 118,
      render: (n: string) => <span className="tabular">{n}</span>,
    },
    {
      title: '标题 / 承办单位',
      dataIndex: 'title',
      render: (title: string, o) => (
        <div style={{ minWidth: 0 }}>
          <Flex gap={4} align="center" style={{ minWidth: 0 }}>
            {o.urgency === 'urgent' && (
              <Tag color="red" style={{ marginInlineEnd: 0, flex: 'none' }}>
                紧急
              </Tag>
            )}
            {o.redoCount > 0 && (
              <Tag color="volcano" style={{ marginInlineEnd: 0, flex: 'none' }}>
                重办
              </Tag>
            )}
            <Tag style={{ marginInlineEnd: 0, flex: 'none' }}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
            <Typography.Text ellipsis style={{ minWidth: 0 }}>
              {title}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
            {unitName(units.data, o.handlingUnitId ?? o.leadUnitId) ?? '—'}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '已等待',
      key: 'waiting',
      width: 104,
      render: (_: unknown, o) => {
        const waited = now - new Date(o.updatedAt).getTime();
        return (
          <Flex vertical gap={2} align="start">
            <Typography.Text
              type={waited > 2 * DAY ? 'danger' : waited > DAY ? 'warning' : undefined}
              className="tabular"
              title={`自 ${dayjs(o.updatedAt).format('YYYY-MM-DD HH:mm')} 起等待`}
              style={{ whiteSpace: 'nowrap' }}
            >
              {formatDuration(Math.max(waited, 60_000))}
            </Typography.Text>
            <CardMark card={o.card} />
          </Flex>
        );
      },
    },
  ];

  return (
    <Row gutter={16} align="top">
      <Col span={9}>
        {queue.isError && all.length === 0 ? (
          <Result
            status="error"
            title="队列加载失败"
            subTitle={describeError(queue.error)}
            extra={<Button onClick={() => void queue.refetch()}>重新加载</Button>}
          />
        ) : (
          <>
            <Table<Order>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              loading={queue.isPending}
              pagination={false}
              tableLayout="fixed"
              rowClassName={(o) => (o.id === current?.id ? 'ant-table-row-selected' : '')}
              onRow={(o) => ({
                onClick: () => setSelected(o),
                onKeyDown: (e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    setSelected(o);
                  }
                },
                tabIndex: 0,
                style: { cursor: 'pointer' },
                'aria-selected': o.id === current?.id,
              })}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={
                      <>
                        <div>{emptyText}</div>
                        {emptyHint && <Typography.Text type="secondary">{emptyHint}</Typography.Text>}
                      </>
                    }
                  />
                ),
              }}
            />
            {all.length > rows.length && (
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
                另有 {all.length - rows.length}{' '}
                张工单由其他承办单位办理（本单位为协办或上级），不在本单位审核范围
              </Typography.Text>
            )}
            <LoadMore
              shown={rows.length}
              hasMore={queue.hasNextPage}
              loading={queue.isFetchingNextPage}
              onMore={() => void queue.fetchNextPage()}
              marginTop={12}
            />
          </>
        )}
      </Col>
      <Col span={15}>
        <Card size="small">
          {current ? (
            panel(current, { next, refresh, refreshing })
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={rows.length > 0 ? hint : '队列中暂无工单'}
              style={{ padding: '48px 0' }}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
