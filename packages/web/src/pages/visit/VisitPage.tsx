import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useQueue } from '../dispatch/OrderQueue.tsx';
import { useNow } from '../orders/deadline.ts';
import { QueueWorkspace, queueCount, TabLabel, useQueueCounts } from '../review/WaitingQueue.tsx';
import { VisitPanel } from './VisitPanel.tsx';

const VISIT_STATES = ['visit_pending'] as const;

/** 回访台: every replied order is visited (100%), oldest first, with the script and the outcome beside it. */
export default function VisitPage() {
  const now = useNow();
  const queue = useQueue('visit_pending');
  const counts = useQueueCounts(VISIT_STATES);
  return (
    <Card
      styles={{ body: { paddingTop: 4 } }}
      title="回访台"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isRefetching}>
          刷新
        </Button>
      }
    >
      <Tabs
        activeKey="pending"
        items={[
          {
            key: 'pending',
            label: <TabLabel text="待回访" count={queueCount(queue, counts.data, 'visit_pending')} />,
            children: (
              <QueueWorkspace
                queue={queue}
                now={now}
                emptyText="待回访工单已全部完成"
                emptyHint="审核通过的答复会进入回访队列"
                hint="从左侧选择工单，按话术致电诉求人并记录回访结果"
                panel={(o, a) => (
                  <VisitPanel
                    key={o.id}
                    order={o}
                    now={now}
                    onDone={a.next}
                    onRefresh={a.refresh}
                    refreshing={a.refreshing}
                  />
                )}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
