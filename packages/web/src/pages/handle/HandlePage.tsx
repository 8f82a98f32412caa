import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Empty, Flex, Row, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import type { Order } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { useNow } from '../orders/deadline.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { HandlePanel } from './HandlePanel.tsx';
import { HandleQueueTable } from './HandleQueueTable.tsx';
import { HANDLE_QUEUES, type HandleQueueDef, queueDef, useHandleQueue, useQueueCounts } from './queues.ts';

/**
 * 承办工作台: the unit's to-do queues (most pressing deadline first, live countdowns, 红黄牌) on the
 * left; the selected order, what the unit can do with it now and its full record on the right.
 * The tab and the order are in the URL (?tab=handling&order=123), so reload and back keep the place.
 */
export default function HandlePage() {
  const [params, setParams] = useSearchParams();
  const def = queueDef(params.get('tab'));
  const selectedId = Number(params.get('order')) || null;
  const now = useNow();
  const me = useMe();
  const units = useUnits();
  const queryClient = useQueryClient();
  const queue = useHandleQueue(def);
  const count = useQueueCounts();
  const myUnitId = me.data?.unitId ?? null;
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];

  const go = (tab: HandleQueueDef['key'], order: number | null) =>
    setParams(
      {
        ...(tab === 'sign' ? {} : { tab }),
        ...(order ? { order: String(order) } : {}),
      },
      { replace: true },
    );
  const select = (o: Order) => go(def.key, o.id);
  // After a step that takes the order out of this queue, move on to the next one.
  const next = () => {
    const at = rows.findIndex((o) => o.id === selectedId);
    const following =
      rows.find((o, i) => i > at && o.id !== selectedId) ?? rows.find((o) => o.id !== selectedId);
    go(def.key, following?.id ?? null);
  };

  return (
    <Card
      styles={{ body: { paddingTop: 4 } }}
      title={
        <Flex align="baseline" gap={12}>
          <span>承办工作台</span>
          {myUnitId !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
              {unitName(units.data, myUnitId)}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void queryClient.invalidateQueries({ queryKey: ['orders'] })}
          loading={queue.isRefetching}
        >
          刷新
        </Button>
      }
    >
      <Tabs
        activeKey={def.key}
        onChange={(k) => go(k as HandleQueueDef['key'], null)}
        items={HANDLE_QUEUES.map((q) => {
          const c = count(q);
          return {
            key: q.key,
            label: (
              <span data-testid={`tab-${q.key}`}>
                {q.label}
                {c && (
                  <Badge
                    count={c.capped ? `${c.count}+` : c.count}
                    showZero
                    overflowCount={Number.POSITIVE_INFINITY}
                    color={c.count > 0 && q.actionable ? '#1677ff' : '#bfbfbf'}
                    style={{ marginInlineStart: 6, boxShadow: 'none' }}
                    data-testid={`count-${q.key}`}
                  />
                )}
              </span>
            ),
          };
        })}
      />
      <Row gutter={16} align="top">
        <Col span={11}>
          <HandleQueueTable
            queue={queue}
            myUnitId={myUnitId}
            selectedId={selectedId}
            onSelect={select}
            now={now}
            emptyText={def.empty}
          />
        </Col>
        <Col span={13}>
          {/* The order stays in view beside a long queue; its own content scrolls. */}
          <Card
            size="small"
            style={{ position: 'sticky', top: 80 }}
            styles={{ body: { maxHeight: 'max(440px, calc(100vh - 226px))', overflowY: 'auto' } }}
            data-testid="handle-side"
          >
            {selectedId ? (
              <HandlePanel
                key={selectedId}
                orderId={selectedId}
                row={rows.find((o) => o.id === selectedId)}
                myUnitId={myUnitId}
                now={now}
                onSigned={(o) => go('handling', o.id)}
                onDone={next}
              />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <Flex vertical gap={4}>
                    <span>{def.hint}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      键盘：<kbd>Tab</kbd> 移到队列，<kbd>↑</kbd>
                      <kbd>↓</kbd> 逐条浏览，<kbd>Enter</kbd> 打开
                    </Typography.Text>
                  </Flex>
                }
              />
            )}
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
