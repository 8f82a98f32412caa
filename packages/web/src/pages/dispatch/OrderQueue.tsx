import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Result, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import type { Order, OrderState } from '../../api/types.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { REQUEST_TYPE_LABELS } from '../orders/labels.ts';
import { DeadlineCell } from '../orders/OrderBadges.tsx';

const PAGE_SIZE = 20;

/** A queue of orders in one state, most pressing deadline first (server keyset paging). */
export function useQueue(state: OrderState) {
  return useInfiniteQuery({
    queryKey: ['orders', 'list', { state, sort: 'deadline' }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/orders', {
          params: { query: { state, sort: 'deadline', limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function OrderQueue({
  queue,
  selectedId,
  onSelect,
  now,
  emptyText,
}: {
  queue: ReturnType<typeof useQueue>;
  selectedId: number | null;
  onSelect: (order: Order) => void;
  now: number;
  emptyText: string;
}) {
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnsType<Order> = [
    {
      title: '工单编号',
      dataIndex: 'number',
      width: 116,
      render: (n: string) => <span className="tabular">{n}</span>,
    },
    {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, o) => (
        <Flex gap={4} align="center" style={{ minWidth: 0 }}>
          {o.urgency === 'urgent' && (
            <Tag color="red" style={{ marginInlineEnd: 0, flex: 'none' }}>
              紧急
            </Tag>
          )}
          <Tag style={{ marginInlineEnd: 0, flex: 'none' }}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{title}</span>
        </Flex>
      ),
    },
    {
      title: '时限',
      key: 'deadline',
      width: 200,
      render: (_: unknown, o) => <DeadlineCell order={o} now={now} />,
    },
  ];

  if (queue.isError && rows.length === 0) {
    return (
      <Result
        status="error"
        title="队列加载失败"
        subTitle={describeError(queue.error)}
        extra={<Button onClick={() => void queue.refetch()}>重新加载</Button>}
      />
    );
  }
  return (
    <>
      <Table<Order>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={queue.isPending}
        pagination={false}
        tableLayout="fixed"
        rowClassName={(o) => (o.id === selectedId ? 'ant-table-row-selected' : '')}
        onRow={(o) => ({
          onClick: () => onSelect(o),
          onKeyDown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onSelect(o);
            }
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
          'aria-selected': o.id === selectedId,
        })}
        locale={{ emptyText: <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      />
      <LoadMore
        shown={rows.length}
        hasMore={queue.hasNextPage}
        loading={queue.isFetchingNextPage}
        onMore={() => void queue.fetchNextPage()}
        marginTop={12}
      />
    </>
  );
}
