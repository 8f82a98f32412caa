import { Button, Empty, Result, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { describeError } from '../../api/error-handling.ts';
import { formatDuration } from '../orders/deadline.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { type OverdueOrder, useOverdueOrders } from './supervise-api.ts';

/** 超期工单: orders whose handling deadline passed while the unit still holds them, most overdue first. */
export function OverdueTab(props: { now: number; onOpenCase: (id: number) => void }) {
  const overdue = useOverdueOrders();
  const rows = overdue.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnsType<OverdueOrder> = [
    {
      title: '工单编号',
      dataIndex: 'number',
      width: 132,
      render: (n: string, o) => (
        <Link to={`/orders/${o.id}`} className="tabular">
          {n}
        </Link>
      ),
    },
    {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      render: (t: string, o) => (
        <span>
          {o.urgency === 'urgent' && (
            <Tag color="red" variant="solid">
              紧急
            </Tag>
          )}
          {t}
        </span>
      ),
    },
    {
      title: '承办单位',
      dataIndex: 'handlingUnitName',
      width: 168,
      ellipsis: true,
      render: (n: string | null) => n ?? '—',
    },
    { title: '状态', dataIndex: 'stateLabel', width: 96, render: (s: string) => <Tag>{s}</Tag> },
    {
      title: '办理时限',
      dataIndex: 'handleDueAt',
      width: 120,
      render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm')}</span>,
    },
    {
      title: '已超期',
      key: 'overdue',
      width: 120,
      render: (_: unknown, o) => (
        <Typography.Text type="danger" strong className="tabular">
          {formatDuration(props.now - new Date(o.handleDueAt).getTime())}
        </Typography.Text>
      ),
    },
    {
      title: '督办',
      dataIndex: 'caseId',
      width: 100,
      render: (id: number | null) =>
        id ? (
          <Button size="small" type="link" onClick={() => props.onOpenCase(id)}>
            查看案件
          </Button>
        ) : (
          <Tooltip title="督办引擎下一轮扫描时立案">
            <Typography.Text type="secondary">待立案</Typography.Text>
          </Tooltip>
        ),
    },
  ];
  if (overdue.isError && rows.length === 0)
    return (
      <Result
        status="error"
        title="超期工单加载失败"
        subTitle={describeError(overdue.error)}
        extra={
          <Button type="primary" onClick={() => void overdue.refetch()}>
            重新加载
          </Button>
        }
      />
    );
  return (
    <>
      <Table<OverdueOrder>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={overdue.isPending}
        pagination={false}
        tableLayout="fixed"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有超期工单，全部在时限内" />,
        }}
      />
      <LoadMore
        shown={rows.length}
        hasMore={overdue.hasNextPage}
        loading={overdue.isFetchingNextPage}
        onMore={() => void overdue.fetchNextPage()}
      />
    </>
  );
}
