import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Tabs } from 'antd';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Order } from '../../api/types.ts';
import { useNow } from '../orders/deadline.ts';
import { DispatchPanel } from './DispatchPanel.tsx';
import { OrderQueue, useQueue } from './OrderQueue.tsx';
import { ReturnPanel } from './ReturnPanel.tsx';

type TabKey = 'pending' | 'returns';

/** 派单台: the undispatched queue and the returns awaiting a ruling, each beside the order at hand. */
export default function DispatchPage() {
  const [params, setParams] = useSearchParams();
  const tab: TabKey = params.get('tab') === 'returns' ? 'returns' : 'pending';
  const now = useNow();
  const pending = useQueue('pending_dispatch');
  const returns = useQueue('return_requested');
  const queue = tab === 'pending' ? pending : returns;

  return (
    <Card
      styles={{ body: { paddingTop: 4 } }}
      title="派单台"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isRefetching}>
          刷新
        </Button>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'returns' ? { tab: 'returns' } : {}, { replace: true })}
        items={[
          {
            key: 'pending',
            label: '待派单',
            children: (
              <Workspace
                queue={pending}
                now={now}
                emptyText="待派单队列已清空"
                hint="从左侧队列选择工单，选择主办、协办单位后派单"
                panel={(o, next) => <DispatchPanel key={o.id} order={o} onDone={next} />}
              />
            ),
          },
          {
            key: 'returns',
            label: '退单待审',
            children: (
              <Workspace
                queue={returns}
                now={now}
                emptyText="没有待审核的退单"
                hint="从左侧选择退单，查看退单理由后同意或驳回"
                panel={(o, next) => <ReturnPanel key={o.id} order={o} onDone={next} />}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function Workspace({
  queue,
  now,
  emptyText,
  hint,
  panel,
}: {
  queue: ReturnType<typeof useQueue>;
  now: number;
  emptyText: string;
  hint: string;
  panel: (order: Order, next: () => void) => ReactNode;
}) {
  const [selected, setSelected] = useState<Order | null>(null);
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];
  // The queue's copy is the freshest (its version moves when someone else acts on the order).
  const current = selected ? (rows.find((o) => o.id === selected.id) ?? selected) : null;

  // After acting on an order, move straight on to the next one in the queue.
  const next = () => {
    const at = current ? rows.findIndex((o) => o.id === current.id) : -1;
    setSelected(rows.find((o, i) => i > at && o.id !== current?.id) ?? null);
  };

  return (
    <Row gutter={16} align="top">
      <Col span={11}>
        <OrderQueue
          queue={queue}
          selectedId={current?.id ?? null}
          onSelect={setSelected}
          now={now}
          emptyText={emptyText}
        />
      </Col>
      <Col span={13}>
        <Card size="small" style={{ position: 'sticky', top: 16 }}>
          {current ? panel(current, next) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hint} />}
        </Card>
      </Col>
    </Row>
  );
}
