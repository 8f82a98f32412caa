import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Result, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import type { ListOrdersQuery, Order, OrderState } from '../../api/types.ts';
import { useNow } from './deadline.ts';
import { LoadMore } from './LoadMore.tsx';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, STATE_LABELS } from './labels.ts';
import { DeadlineCell, StateTag } from './OrderBadges.tsx';
import { unitName, useUnits } from './reference.ts';

const PAGE_SIZE = 20;
const STATES = Object.keys(STATE_LABELS) as OrderState[];
type CardFilter = NonNullable<ListOrdersQuery['card']>;

function readFilters(params: URLSearchParams) {
  const state = params.get('state');
  const card = params.get('card');
  return {
    state: STATES.find((s) => s === state),
    card: card === 'yellow' || card === 'red' ? (card as CardFilter) : undefined,
  };
}

/** 工单列表: server-side keyset paging, filters kept in the address so a link reproduces the view. */
export default function OrderListPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const now = useNow();
  const units = useUnits();

  const orders = useInfiniteQuery({
    queryKey: ['orders', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/orders', {
          params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });

  const setFilter = (key: 'state' | 'card', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<Order> = [
    {
      title: '工单编号',
      dataIndex: 'number',
      width: 132,
      render: (number: string, o) => (
        <Link to={`/orders/${o.id}`} className="tabular">
          {number}
        </Link>
      ),
    },
    {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, o) => <Link to={`/orders/${o.id}`}>{title}</Link>,
    },
    {
      title: '类型',
      dataIndex: 'requestType',
      width: 64,
      render: (t: Order['requestType']) => REQUEST_TYPE_LABELS[t],
    },
    {
      title: '状态',
      dataIndex: 'state',
      width: 108,
      render: (_: unknown, o) => <StateTag state={o.state} label={o.stateLabel} />,
    },
    {
      title: '承办单位',
      dataIndex: 'handlingUnitId',
      width: 168,
      ellipsis: true,
      render: (id: number | null) =>
        unitName(units.data, id) ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '渠道',
      dataIndex: 'channel',
      width: 100,
      ellipsis: true,
      render: (c: Order['channel']) => CHANNEL_LABELS[c],
    },
    {
      title: '受理时间',
      dataIndex: 'createdAt',
      width: 112,
      render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm')}</span>,
    },
    {
      title: '时限',
      key: 'deadline',
      width: 196,
      render: (_: unknown, o) => <DeadlineCell order={o} now={now} />,
    },
  ];

  return (
    <Card
      title="工单列表"
      extra={
        <Space>
          <Select
            aria-label="按状态筛选"
            placeholder="全部状态"
            allowClear
            style={{ width: 150 }}
            value={filters.state}
            onChange={(v?: OrderState) => setFilter('state', v)}
            options={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          />
          <Select
            aria-label="按红黄牌筛选"
            placeholder="全部红黄牌"
            allowClear
            style={{ width: 130 }}
            value={filters.card}
            onChange={(v?: CardFilter) => setFilter('card', v)}
            options={[
              { value: 'yellow', label: '黄牌' },
              { value: 'red', label: '红牌' },
            ]}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void orders.refetch()}
            loading={orders.isRefetching}
          >
            刷新
          </Button>
        </Space>
      }
    >
      {orders.isError && rows.length === 0 ? (
        <Result
          status="error"
          title="工单列表加载失败"
          subTitle={describeError(orders.error)}
          extra={
            <Button type="primary" onClick={() => void orders.refetch()}>
              重新加载
            </Button>
          }
        />
      ) : (
        <>
          <Table<Order>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={orders.isPending}
            pagination={false}
            tableLayout="fixed"
            locale={{
              emptyText: (
                <Empty
                  description={filters.state || filters.card ? '没有符合筛选条件的工单' : '暂无工单'}
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                />
              ),
            }}
          />
          <LoadMore
            shown={rows.length}
            hasMore={orders.hasNextPage}
            loading={orders.isFetchingNextPage}
            onMore={() => void orders.fetchNextPage()}
          />
        </>
      )}
    </Card>
  );
}
