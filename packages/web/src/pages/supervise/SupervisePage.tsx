import { ReloadOutlined } from '@ant-design/icons';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth/session.ts';
import { useNow } from '../orders/deadline.ts';
import { CaseDrawer } from './CaseDrawer.tsx';
import { CaseTable } from './CaseTable.tsx';
import { REPEAT_CAUSES } from './labels.ts';
import { OverdueTab } from './OverdueTab.tsx';
import { RulesTab } from './RulesTab.tsx';
import { KEY } from './supervise-api.ts';
import './supervise.css';

const TABS = ['cases', 'overdue', 'repeat', 'rules'] as const;
type TabKey = (typeof TABS)[number];

/** 督办台: supervision cases with their levels and deadlines, overdue orders, repeats, and the rules. */
export default function SupervisePage() {
  const now = useNow();
  const me = useMe().data;
  const canManage = me?.permissions.includes('supervision.manage') ?? false;
  const canEditRules = canManage || (me?.permissions.includes('rules.manage') ?? false);
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((t) => t === params.get('tab')) ?? 'cases';
  const caseParam = Number(params.get('case'));
  const caseId = Number.isSafeInteger(caseParam) && caseParam > 0 ? caseParam : null;
  const queryClient = useQueryClient();
  const fetching = useIsFetching({ queryKey: [...KEY] }) > 0;

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: key === 'case' });
  };
  const openCase = (id: number) => setParam('case', String(id));

  return (
    <Card
      title="督办台"
      styles={{ body: { paddingTop: 4 } }}
      extra={
        <Button
          icon={<ReloadOutlined />}
          loading={fetching}
          onClick={() => void queryClient.invalidateQueries({ queryKey: [...KEY] })}
        >
          刷新
        </Button>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'cases' ? null : k)}
        items={[
          {
            key: 'cases',
            label: '督办案件',
            children: (
              <CaseTable now={now} emptyText="暂无督办案件，督办引擎会按规则自动立案" onOpen={openCase} />
            ),
          },
          { key: 'overdue', label: '超期工单', children: <OverdueTab now={now} onOpenCase={openCase} /> },
          {
            key: 'repeat',
            label: '重复与多次重办',
            children: (
              <CaseTable
                now={now}
                causes={REPEAT_CAUSES}
                emptyText="暂无多次派单、重办不满意或多人反映的案件"
                onOpen={openCase}
              />
            ),
          },
          ...(canEditRules ? [{ key: 'rules', label: '督办规则', children: <RulesTab /> }] : []),
        ]}
      />
      <CaseDrawer caseId={caseId} now={now} canManage={canManage} onClose={() => setParam('case', null)} />
    </Card>
  );
}
