import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Result, Tabs } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Order } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { subtreeIds } from '../admin/tree.ts';
import { useQueue } from '../dispatch/OrderQueue.tsx';
import { useNow } from '../orders/deadline.ts';
import { useUnits } from '../orders/reference.ts';
import { LEVEL_NAMES, type ReviewLevel, ReviewPanel } from './ReviewPanel.tsx';
import ReviewRulesTab from './rules/ReviewRulesTab.tsx';
import { QueueWorkspace, queueCount, TabLabel, useQueueCounts } from './WaitingQueue.tsx';

const STATE_OF = { unit: 'unit_review', centre: 'centre_review' } as const;
const RULES_TAB = 'rules';

/**
 * 审核台: replies waiting at the levels this user reviews — 单位审核 for a unit reviewer (their unit's
 * orders), 中心审核 for the hotline centre — oldest first, beside the reply under review.
 */
export default function ReviewPage() {
  const me = useMe();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const now = useNow();
  const permissions = me.data?.permissions ?? [];
  const levels: ReviewLevel[] = [
    ...(permissions.includes('order.review_unit') ? (['unit'] as const) : []),
    ...(permissions.includes('order.review_centre') ? (['centre'] as const) : []),
  ];
  const counts = useQueueCounts(levels.map((l) => STATE_OF[l]));
  const unitQueue = useQueue('unit_review');
  const centreQueue = useQueue('centre_review');
  const queues = { unit: unitQueue, centre: centreQueue };
  const wanted = params.get('level');
  const level: ReviewLevel | undefined = levels.find((l) => l === wanted) ?? levels[0];
  const canManageRules = permissions.includes('review_rules.manage');
  const onRules = canManageRules && (wanted === RULES_TAB || !level);

  // Unit review is the handling unit's own line: leave out orders seen only as 协办 or 主办 above.
  const unitId = me.data?.unitId ?? null;
  const mine = useMemo(
    () => (units.data && unitId !== null ? subtreeIds([...units.data.values()], unitId) : null),
    [units.data, unitId],
  );
  const unitFilter = (o: Order) => !mine || (o.handlingUnitId !== null && mine.has(o.handlingUnitId));

  if (!level && !canManageRules) {
    return <Result status="403" title="没有审核权限" subTitle="审核台供单位审核员和中心审核员使用。" />;
  }
  const queue = level && !onRules ? queues[level] : undefined;
  return (
    <Card
      styles={{ body: { paddingTop: 4 } }}
      title="审核台"
      extra={
        queue && (
          <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isRefetching}>
            刷新
          </Button>
        )
      }
    >
      <Tabs
        activeKey={onRules ? RULES_TAB : level}
        onChange={(k) => setParams(k === levels[0] ? {} : { level: k }, { replace: true })}
        items={[
          ...levels.map((l) => ({
            key: l,
            label: (
              <TabLabel
                text={`待${LEVEL_NAMES[l]}`}
                count={queueCount(queues[l], counts.data, STATE_OF[l])}
              />
            ),
            children: (
              <QueueWorkspace
                queue={queues[l]}
                now={now}
                filter={l === 'unit' ? unitFilter : undefined}
                emptyText={`待${LEVEL_NAMES[l]}的答复已全部处理`}
                emptyHint="新的答复提交后会出现在这里"
                hint="从左侧选择工单，对照诉求核对答复后审核"
                panel={(o, a) => (
                  <ReviewPanel
                    key={o.id}
                    order={o}
                    level={l}
                    now={now}
                    onDone={a.next}
                    onRefresh={a.refresh}
                    refreshing={a.refreshing}
                  />
                )}
              />
            ),
          })),
          // Rules are the centre's to set; the queues above stay the reviewer's work.
          ...(canManageRules ? [{ key: RULES_TAB, label: '审核规则', children: <ReviewRulesTab /> }] : []),
        ]}
      />
    </Card>
  );
}
