import { useQueryClient } from '@tanstack/react-query';
import { Button, Cascader, Empty, Flex, Input, Result, Select, Table, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { describeError } from '../../api/error-handling.ts';
import { categoryOptions, regionOptions } from '../intake/options.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { useCategories, useUnits } from '../orders/reference.ts';
import {
  type EntryState,
  type EntrySummary,
  KEY,
  type Kind,
  type ListQuery,
  useEntries,
} from './knowledge-api.ts';
import { AttentionTags, KIND_LABELS, KINDS, KindTag, STATE_LABELS, STATES, StateTag } from './labels.tsx';
import { Passage } from './Passage.tsx';

type Attention = NonNullable<ListQuery['attention']>;
const ATTENTION_LABELS: Record<Attention, string> = {
  expiring: '即将到期',
  expired: '已过期',
  review_due: '超过一年未复核',
};

/** 知识条目: search (relevance, highlighted passage) or newest change first, with filters and keyset paging. */
export function EntryTable({ onOpen }: { onOpen: (id: number) => void }) {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<Kind | undefined>();
  const [state, setState] = useState<EntryState | undefined>();
  const [category, setCategory] = useState<number[] | undefined>();
  const [region, setRegion] = useState<number | undefined>();
  const [attention, setAttention] = useState<Attention | undefined>();
  const categories = useCategories();
  const units = useUnits();
  const regionTree = useMemo(() => regionOptions(units.data), [units.data]);
  const searching = q.trim().length > 0;
  const entries = useEntries({
    ...(searching ? { q: q.trim() } : {}),
    ...(kind ? { kind: [kind] } : {}),
    ...(state ? { state: [state] } : {}),
    ...(category?.length ? { categoryId: category.at(-1) } : {}),
    ...(region ? { regionUnitId: region } : {}),
    ...(attention && !searching ? { attention } : {}),
  });
  const queryClient = useQueryClient();
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = searching || !!kind || !!state || !!category?.length || !!region || !!attention;

  const columns: ColumnsType<EntrySummary> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (t: string, e) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Link onClick={() => onOpen(e.id)}>{t}</Typography.Link>
          {e.caseLabel && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              情形：{e.caseLabel}
            </Typography.Text>
          )}
          {e.snippet && (
            <Typography.Paragraph
              type="secondary"
              ellipsis={{ rows: 2 }}
              style={{ fontSize: 12, marginBottom: 0 }}
            >
              <Passage passage={e.snippet} />
            </Typography.Paragraph>
          )}
        </Flex>
      ),
    },
    { title: '类型', dataIndex: 'kind', width: 96, render: (k: Kind) => <KindTag kind={k} /> },
    {
      title: '状态',
      key: 'state',
      width: 200,
      render: (_: unknown, e) => (
        <Flex gap={4} wrap>
          <StateTag state={e.state} />
          <AttentionTags state={e.state} expiresOn={e.expiresOn} reviewDue={e.reviewDue} />
        </Flex>
      ),
    },
    {
      title: '分类',
      dataIndex: 'categoryName',
      width: 120,
      ellipsis: true,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '适用区域',
      key: 'regions',
      width: 120,
      ellipsis: true,
      render: (_: unknown, e) => (e.regions.length ? e.regions.map((r) => r.name).join('、') : '全市'),
    },
    {
      title: '责任单位',
      dataIndex: 'ownerUnitName',
      width: 140,
      ellipsis: true,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '失效日期',
      dataIndex: 'expiresOn',
      width: 104,
      render: (d: string | null) =>
        d ? <span className="tabular">{d}</span> : <Typography.Text type="secondary">长期</Typography.Text>,
    },
    {
      title: searching ? '相关度' : '更新时间',
      key: 'updated',
      width: 104,
      render: (_: unknown, e) =>
        searching && e.score !== null ? (
          <span className="tabular">{Math.round(e.score * 100)}%</span>
        ) : (
          <span className="tabular">{dayjs(e.updatedAt).format('MM-DD HH:mm')}</span>
        ),
    },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="检索知识"
          placeholder="输入问题或关键词检索"
          allowClear
          enterButton="检索"
          style={{ width: 360 }}
          onSearch={(v) => setQ(v)}
        />
        <Select<Kind>
          aria-label="按类型筛选"
          placeholder="全部类型"
          allowClear
          style={{ width: 120 }}
          value={kind}
          onChange={setKind}
          options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        />
        <Select<EntryState>
          aria-label="按状态筛选"
          placeholder="全部状态"
          allowClear
          style={{ width: 110 }}
          value={state}
          onChange={setState}
          options={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
        />
        <Cascader
          aria-label="按分类筛选"
          placeholder="全部分类"
          style={{ width: 180 }}
          options={categoryOptions(categories.data)}
          changeOnSelect
          showSearch
          expandTrigger="hover"
          value={category}
          onChange={(v) => setCategory(v as number[] | undefined)}
        />
        <TreeSelect
          aria-label="按区域筛选"
          placeholder="全部区域"
          allowClear
          style={{ width: 160 }}
          treeData={regionTree}
          fieldNames={{ label: 'label', value: 'value', children: 'children' }}
          showSearch={{ treeNodeFilterProp: 'label' }}
          value={region}
          onChange={(v) => setRegion(v as number | undefined)}
        />
        <Select<Attention>
          aria-label="需关注"
          placeholder="需关注"
          allowClear
          disabled={searching}
          style={{ width: 150 }}
          value={attention}
          onChange={setAttention}
          options={(Object.keys(ATTENTION_LABELS) as Attention[]).map((a) => ({
            value: a,
            label: ATTENTION_LABELS[a],
          }))}
        />
      </Flex>
      {entries.isError && rows.length === 0 ? (
        <Result
          status="error"
          title="知识条目加载失败"
          subTitle={describeError(entries.error)}
          extra={
            <Button
              type="primary"
              onClick={() => void queryClient.invalidateQueries({ queryKey: [...KEY, 'entries'] })}
            >
              重新加载
            </Button>
          }
        />
      ) : (
        <>
          <Table<EntrySummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={entries.isPending}
            pagination={false}
            tableLayout="fixed"
            onRow={(e) => ({ onDoubleClick: () => onOpen(e.id) })}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={filtered ? '没有符合条件的知识条目' : '知识库还没有条目，点击「新建条目」开始'}
                />
              ),
            }}
          />
          <LoadMore
            shown={rows.length}
            hasMore={entries.hasNextPage}
            loading={entries.isFetchingNextPage}
            onMore={() => void entries.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
