import { Empty, Flex, List, Select, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { type EntryView, useDiff, useEvents, useVersions } from './knowledge-api.ts';
import { STATE_LABELS } from './labels.tsx';

/** 版本历史 with a line diff between any two versions (latest against the one before by default). */
export function EntryVersions({ entry }: { entry: EntryView }) {
  const versions = useVersions(entry.id, entry.version);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    setTo(entry.version);
    setFrom(entry.version > 1 ? entry.version - 1 : null);
  }, [entry.version]);
  const diff = useDiff(entry.id, from, to);
  const options = (versions.data ?? []).map((v) => ({ value: v.version, label: `第 ${v.version} 版` }));

  return (
    <Flex vertical gap={16}>
      <List
        size="small"
        bordered
        loading={versions.isPending}
        dataSource={versions.data ?? []}
        locale={{ emptyText: '暂无版本' }}
        renderItem={(v) => (
          <List.Item>
            <Flex gap={12} align="center" style={{ width: '100%' }} wrap>
              <Tag color={v.version === entry.version ? 'blue' : 'default'}>第 {v.version} 版</Tag>
              <Typography.Text ellipsis style={{ flex: 1, minWidth: 160 }}>
                {v.note ?? v.title}
              </Typography.Text>
              <Typography.Text type="secondary" className="tabular">
                {v.createdBy ?? '系统'} · {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {options.length > 1 ? (
        <div data-testid="knowledge-diff">
          <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>版本对比</Typography.Text>
            <Select
              aria-label="对比的旧版本"
              size="small"
              style={{ width: 110 }}
              value={from}
              onChange={setFrom}
              options={options}
            />
            <span>→</span>
            <Select
              aria-label="对比的新版本"
              size="small"
              style={{ width: 110 }}
              value={to}
              onChange={setTo}
              options={options}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span className="knowledge-diff__legend knowledge-diff__line--added">新增</span>{' '}
              <span className="knowledge-diff__legend knowledge-diff__line--removed">删除</span>
            </Typography.Text>
          </Flex>
          {from === to ? (
            <Typography.Text type="secondary">请选择两个不同的版本</Typography.Text>
          ) : diff.isPending ? (
            <Spin />
          ) : (
            <div className="knowledge-diff">
              {(diff.data?.changes ?? []).flatMap((c, i) =>
                c.text
                  .replace(/\n$/, '')
                  .split('\n')
                  .map((line, j) => (
                    <div key={`${i}-${j}`} className={`knowledge-diff__line knowledge-diff__line--${c.op}`}>
                      <span className="knowledge-diff__sign">
                        {c.op === 'added' ? '+' : c.op === 'removed' ? '−' : ' '}
                      </span>
                      {line || ' '}
                    </div>
                  )),
              )}
            </div>
          )}
        </div>
      ) : (
        <Typography.Text type="secondary">只有一个版本，修改保存后可在此对比差异。</Typography.Text>
      )}
    </Flex>
  );
}

/** 流程记录: who edited, submitted, approved, returned or withdrew, with notes. */
export function EntryEvents({ entry }: { entry: EntryView }) {
  const events = useEvents(entry.id, entry.updatedAt);
  if (events.isPending) return <Spin />;
  const items = events.data ?? [];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无流程记录" />;
  return (
    <Timeline
      items={[...items].reverse().map((e) => ({
        color:
          e.action === 'reject' || e.action === 'withdraw'
            ? 'red'
            : e.action === 'approve'
              ? 'green'
              : 'blue',
        content: (
          <Flex vertical gap={2}>
            <span>
              <Typography.Text strong>{e.actionLabel}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                · {STATE_LABELS[e.fromState]} → {STATE_LABELS[e.toState]} · 第 {e.version} 版
              </Typography.Text>
            </span>
            {e.note && <Typography.Text>意见：{e.note}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.actorName ?? '系统'} · {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
