import { CalendarOutlined, EyeOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Empty, Flex, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import type { DraftPreview, LimitValue, Rule } from './admin-api.ts';
import type { RuleValues } from './RuleEditor.tsx';
import { STAGES } from './rule-labels.ts';

type Limits = Pick<Rule, 'dispatchLimit' | 'signLimit' | 'returnLimit' | 'handleLimit' | 'yellowShare'>;

const validLimit = (l: LimitValue | undefined): l is LimitValue =>
  l !== undefined && (l.unit === 'same_day' || (Number.isInteger(l.amount) && l.amount > 0));

function limitsOf(v: Partial<RuleValues> | undefined): Limits | null {
  if (!v) return null;
  const { dispatchLimit, signLimit, returnLimit, handleLimit, yellowPercent } = v;
  if (![dispatchLimit, signLimit, returnLimit, handleLimit].every(validLimit)) return null;
  if (typeof yellowPercent !== 'number' || yellowPercent < 1 || yellowPercent > 99) return null;
  return {
    dispatchLimit: dispatchLimit as LimitValue,
    signLimit: signLimit as LimitValue,
    returnLimit: returnLimit as LimitValue,
    handleLimit: handleLimit as LimitValue,
    yellowShare: yellowPercent / 100,
  };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return debounced;
}

function usePreview(limits: Limits | null, at: Dayjs) {
  const atIso = at.format();
  return useQuery({
    queryKey: ['admin', 'sla-preview', limits, atIso],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/sla/preview', { body: { ...(limits as Limits), at: atIso }, signal })),
    enabled: limits !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    meta: { quietErrors: ['VALIDATION_FAILED', 'NETWORK_ERROR', 'INTERNAL'] },
  });
}

const fmt = (iso: string) => dayjs(iso).format('MM-DD（dd）HH:mm');

/** Moments that show the calendar at work: now, a Friday afternoon, the eve of this year's 国庆. */
function presets(): { label: string; value: Dayjs }[] {
  const now = dayjs().second(0).millisecond(0);
  return [
    { label: '现在', value: now },
    { label: '本周五 16:00', value: now.day(5).hour(16).minute(0) },
    { label: '国庆节前一天 10:00', value: now.month(8).date(30).hour(10).minute(0) },
  ];
}

/**
 * 实时预览: the deadlines an order received at a chosen moment gets (dispatched at once) under the
 * rule as edited, beside the rule as saved, and the weekends, holidays and 调休 days in between.
 */
export function RulePreview(props: { draft: Partial<RuleValues> | undefined; saved: Rule | undefined }) {
  const [at, setAt] = useState<Dayjs>(() => dayjs().second(0).millisecond(0));
  const draftLimits = useDebounced(limitsOf(props.draft), 300);
  const draft = usePreview(draftLimits, at);
  const saved = usePreview(props.saved ?? null, at);
  const showSaved = Boolean(props.saved);

  type Row = { key: string; label: string; draft?: string | undefined; saved?: string | undefined };
  const rows: Row[] = [
    ...STAGES.map((s) => ({
      key: s.key,
      label: `${s.label}期限`,
      draft: draft.data?.[s.due],
      saved: saved.data?.[s.due],
    })),
    { key: 'yellow', label: '黄牌预警', draft: draft.data?.yellowAt, saved: saved.data?.yellowAt },
  ];
  const special: DraftPreview['specialDays'] = draft.data?.specialDays ?? [];

  return (
    <Card
      size="small"
      data-testid="rule-preview"
      title={
        <Space size={8}>
          <EyeOutlined />
          <span>实时预览</span>
          {draft.isFetching && <Spin size="small" />}
        </Space>
      }
      style={{ position: 'sticky', top: 0 }}
    >
      <Flex vertical gap={12}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text>受理时间</Typography.Text>
          <DatePicker
            aria-label="预览受理时间"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            value={at}
            onChange={(v) => v && setAt(v)}
            presets={presets()}
          />
          <Typography.Text type="secondary">假定受理后立即派单</Typography.Text>
        </Flex>
        {draftLimits === null ? (
          <Alert type="warning" showIcon title="时限填写完整后显示预览" />
        ) : draft.isError ? (
          <Alert type="error" showIcon title="预览失败" description={describeError(draft.error)} />
        ) : (
          <Table<Row>
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            loading={draft.isPending}
            columns={[
              { title: '', dataIndex: 'label', width: 90 },
              ...(showSaved
                ? [
                    {
                      title: '当前生效',
                      dataIndex: 'saved',
                      render: (v?: string) => <span className="tabular">{v ? fmt(v) : '—'}</span>,
                    },
                  ]
                : []),
              {
                title: showSaved ? '按本次修改' : '按此规则',
                dataIndex: 'draft',
                render: (v: string | undefined, r: Row) => {
                  const changed = showSaved && v && r.saved && v !== r.saved;
                  return (
                    <Space size={6}>
                      <span
                        className="tabular"
                        data-testid={`preview-${r.key}`}
                        style={changed ? { fontWeight: 600 } : undefined}
                      >
                        {v ? fmt(v) : '—'}
                      </span>
                      {changed && (
                        <Tag color={dayjs(v).isAfter(r.saved) ? 'orange' : 'blue'} bordered={false}>
                          {dayjs(v).isAfter(r.saved) ? '延后' : '提前'}
                        </Tag>
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        )}
        <div>
          <Space size={6} style={{ marginBottom: 8 }}>
            <CalendarOutlined />
            <Typography.Text strong>期间的休息日与调休</Typography.Text>
          </Space>
          {special.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="期间全是正常工作日"
              style={{ margin: 8 }}
            />
          ) : (
            <Flex wrap gap={6} data-testid="preview-special-days">
              {special.map((d) => (
                <Tag
                  key={d.day}
                  color={d.isWorkday ? 'blue' : d.override ? 'magenta' : d.national ? 'red' : 'default'}
                  bordered={false}
                >
                  <span className="tabular">{dayjs(d.day).format('MM-DD')}</span> {d.label}
                  {d.isWorkday ? ' · 上班' : ' · 休'}
                </Tag>
              ))}
            </Flex>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            工作日时限从受理次日起算（期间开始之日不计），到最后一个工作日 17:30
            截止；自然小时与分钟不受节假日影响。
          </Typography.Paragraph>
        </div>
      </Flex>
    </Card>
  );
}
