import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Space, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth/session.ts';
import { EntryDrawer } from './EntryDrawer.tsx';
import { EntryTable } from './EntryTable.tsx';
import { GapsTab, RemindersTab, ShareButtons, SynonymsTab } from './KnowledgeTabs.tsx';
import { KEY } from './knowledge-api.ts';
import './knowledge.css';

const TABS = ['entries', 'gaps', 'reminders', 'synonyms'] as const;
type TabKey = (typeof TABS)[number];

/** 知识库: entries with search and filters, the editor and its workflow, gaps, reminders, synonyms, sharing. */
export default function KnowledgePage() {
  const me = useMe().data;
  const canEdit = me?.permissions.includes('knowledge.edit') ?? false;
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((t) => t === params.get('tab')) ?? 'entries';
  const entryParam = params.get('entry');
  const target: number | 'new' | null =
    entryParam === 'new' ? 'new' : Number(entryParam) > 0 ? Number(entryParam) : null;
  const queryClient = useQueryClient();
  const fetching = useIsFetching({ queryKey: [...KEY] }) > 0;

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: key === 'entry' });
  };
  const open = (id: number) => {
    const next = new URLSearchParams(params);
    next.set('entry', String(id));
    next.delete('ask');
    setParams(next, { replace: true });
  };
  const create = (question?: string) => {
    const next = new URLSearchParams(params);
    next.set('entry', 'new');
    if (question) next.set('ask', question);
    else next.delete('ask');
    setParams(next);
  };
  const close = () => {
    const next = new URLSearchParams(params);
    next.delete('entry');
    next.delete('ask');
    setParams(next, { replace: true });
  };

  return (
    <Card
      title="知识库"
      styles={{ body: { paddingTop: 4 } }}
      extra={
        <Space>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => create()}>
              新建条目
            </Button>
          )}
          <ShareButtons canImport={canEdit} />
          <Button
            icon={<ReloadOutlined />}
            loading={fetching}
            onClick={() => void queryClient.invalidateQueries({ queryKey: [...KEY] })}
          >
            刷新
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'entries' ? null : k)}
        items={[
          { key: 'entries', label: '知识条目', children: <EntryTable onOpen={open} /> },
          { key: 'gaps', label: '待补充问题', children: <GapsTab onOpen={open} onCreate={create} /> },
          { key: 'reminders', label: '到期提醒', children: <RemindersTab onOpen={open} /> },
          { key: 'synonyms', label: '同义词', children: <SynonymsTab canEdit={canEdit} /> },
        ]}
      />
      <EntryDrawer target={target} seed={params.get('ask')} onClose={close} onCreated={open} />
    </Card>
  );
}
