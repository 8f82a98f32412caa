import { Button, Empty, Flex, Result, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { describeError } from '../../api/error-handling.ts';
import type { Order } from '../../api/types.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { REQUEST_TYPE_LABELS } from '../orders/labels.ts';
import { DeadlineCell } from '../orders/OrderBadges.tsx';
import { unitName, useUnits } from '../orders/reference.ts';
import type { HandleQueue } from './queues.ts';

const tag = { marginInlineEnd: 0, flex: 'none' } as const;

/** A to-do queue: number, title with what makes the order special, and the live countdown. */
export function HandleQueueTable({
  queue,
  myUnitId,
  selectedId,
  onSelect,
  now,
  emptyText,
}: {
  queue: HandleQueue;
  myUnitId: number | null;
  selectedId: number | null;
  onSelect: (order: Order) => void;
  now: number;
  emptyText: string;
}) {
  const units = useUnits();
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
            <Tag color="red" style={tag}>
              紧急
            </Tag>
          )}
          {o.redoCount > 0 && (
            <Tag color="magenta" style={tag}>
              重办
            </Tag>
          )}
          {o.handlingUnitId !== null && myUnitId !== null && o.handlingUnitId !== myUnitId && (
            <Tooltip title={`已下派，由${unitName(units.data, o.handlingUnitId)}承办`}>
              <Tag color="geekblue" style={tag}>
                下派
              </Tag>
            </Tooltip>
          )}
          <Tag style={tag}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{title}</span>
        </Flex>
      ),
    },
    {
      title: '时限',
      key: 'deadline',
      width: 190,
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
    <div data-testid="handle-queue">
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
            // ↑/↓ walk the queue without reaching for the mouse.
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const row = e.currentTarget as HTMLElement;
              const next = (
                e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling
              ) as HTMLElement | null;
              next?.focus();
            }
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
          'aria-selected': o.id === selectedId,
          'data-order-id': o.id,
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
    </div>
  );
}
