import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Flex, Result, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../api/error-handling.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { CaseDeadline, CaseStatusTag, LevelTag } from './CaseBadges.tsx';
import { CAUSE_LABELS, LEVEL_LABELS, LEVELS, STATUS_LABELS, STATUSES } from './labels.ts';
import {
  type CaseStatus,
  type Cause,
  KEY,
  type Level,
  type SupervisionCase,
  useCases,
} from './supervise-api.ts';

type StatusFilter = CaseStatus | 'active' | 'all';

/** 督办案件 list: filters, level tags, countdown to the case deadline, keyset paging. */
export function CaseTable(props: {
  now: number;
  /** The causes this tab is about (all when absent); with several, a cause filter appears. */
  causes?: readonly Cause[];
  emptyText: string;
  onOpen: (id: number) => void;
}) {
  const [status, setStatus] = useState<StatusFilter>('active');
  const [level, setLevel] = useState<Level | undefined>();
  const [cause, setCause] = useState<Cause | undefined>();
  const causeOptions = props.causes ?? (Object.keys(CAUSE_LABELS) as Cause[]);
  const wanted = cause ? [cause] : props.causes;
  const cases = useCases({
    ...(status === 'active' ? { active: 'true' } : status === 'all' ? {} : { status }),
    ...(level ? { level } : {}),
    ...(wanted ? { cause: wanted.join(',') } : {}),
  });
  const queryClient = useQueryClient();
  const rows = cases.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = status !== 'active' || level !== undefined || cause !== undefined;

  const columns: ColumnsType<SupervisionCase> = [
    { title: '级别', dataIndex: 'level', width: 96, render: (l: Level) => <LevelTag level={l} /> },
    {
      title: '督办事由',
      dataIndex: 'summary',
      ellipsis: true,
      render: (s: string, c) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Link ellipsis onClick={() => props.onOpen(c.id)}>
            {s}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.causeLabel}
            {c.orderCount > 1 ? ` · 关联 ${c.orderCount} 张工单` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '责任单位',
      dataIndex: 'unitName',
      width: 168,
      ellipsis: true,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 88,
      render: (s: CaseStatus) => <CaseStatusTag status={s} />,
    },
    {
      title: '督办人',
      dataIndex: 'ownerName',
      width: 96,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">未指定</Typography.Text>,
    },
    {
      title: '立案时间',
      dataIndex: 'openedAt',
      width: 112,
      render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm')}</span>,
    },
    {
      title: '督办期限',
      key: 'due',
      width: 150,
      render: (_: unknown, c) => <CaseDeadline c={c} now={props.now} />,
    },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<StatusFilter>
          aria-label="按状态筛选"
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: '督办中' },
            { value: 'all', label: '全部状态' },
            ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          ]}
        />
        <Select<Level>
          aria-label="按级别筛选"
          placeholder="全部级别"
          allowClear
          style={{ width: 130 }}
          value={level}
          onChange={setLevel}
          options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
        />
        {causeOptions.length > 1 && (
          <Select<Cause>
            aria-label="按督办事由筛选"
            placeholder="全部事由"
            allowClear
            style={{ width: 170 }}
            value={cause}
            onChange={setCause}
            options={causeOptions.map((c) => ({ value: c, label: CAUSE_LABELS[c] }))}
          />
        )}
      </Flex>
      {cases.isError && rows.length === 0 ? (
        <Result
          status="error"
          title="督办案件加载失败"
          subTitle={describeError(cases.error)}
          extra={
            <Button
              type="primary"
              onClick={() => void queryClient.invalidateQueries({ queryKey: [...KEY, 'cases'] })}
            >
              重新加载
            </Button>
          }
        />
      ) : (
        <>
          <Table<SupervisionCase>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={cases.isPending}
            pagination={false}
            tableLayout="fixed"
            onRow={(c) => ({ onDoubleClick: () => props.onOpen(c.id) })}
            rowClassName={(c) => (c.late ? 'supervise-row-late' : '')}
            locale={{
              emptyText: (
                <Empty
                  description={filtered ? '没有符合筛选条件的督办案件' : props.emptyText}
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                />
              ),
            }}
          />
          <LoadMore
            shown={rows.length}
            hasMore={cases.hasNextPage}
            loading={cases.isFetchingNextPage}
            onMore={() => void cases.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
