import {
  Alert,
  Button,
  Empty,
  Flex,
  Input,
  InputNumber,
  Result,
  Select,
  Skeleton,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { describeError } from '../../api/error-handling.ts';
import { LEVEL_LABELS, LEVELS } from './labels.ts';
import { type RuleBody, type SupervisionRule, useRules, useSaveRule } from './supervise-api.ts';

const PERIOD_LABELS: Record<string, string> = { week: '自然周', month: '自然月' };

/** 督办规则: rules are data — enable, choose the level a case opens at, set thresholds and periods. */
export function RulesTab() {
  const rules = useRules();
  const save = useSaveRule();
  const [drafts, setDrafts] = useState<Record<string, RuleBody>>({});
  const draftOf = (r: SupervisionRule): RuleBody =>
    drafts[r.cause] ?? { name: r.name, enabled: r.enabled, level: r.level, params: r.params };
  const edit = (r: SupervisionRule, patch: Partial<RuleBody>) =>
    setDrafts((d) => ({ ...d, [r.cause]: { ...draftOf(r), ...patch } }));
  const dirty = (r: SupervisionRule) => drafts[r.cause] !== undefined;
  const canEdit = rules.data?.canEdit ?? false;

  const columns: ColumnsType<SupervisionRule> = [
    {
      title: '启用',
      dataIndex: 'enabled',
      width: 72,
      render: (_: unknown, r) => (
        <Switch
          aria-label={`启用${r.causeLabel}`}
          checked={draftOf(r).enabled}
          disabled={!canEdit}
          onChange={(enabled) => edit(r, { enabled })}
        />
      ),
    },
    {
      title: '规则',
      dataIndex: 'name',
      render: (_: unknown, r) => (
        <Flex vertical gap={4}>
          <Input
            aria-label="规则名称"
            value={draftOf(r).name}
            disabled={!canEdit}
            maxLength={100}
            onChange={(e) => edit(r, { name: e.target.value })}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            触发条件：{r.causeLabel}
            {r.cause === 'same_matter' ? '（由诉求查重发现）' : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '立案级别',
      dataIndex: 'level',
      width: 140,
      render: (_: unknown, r) => (
        <Select
          aria-label="立案级别"
          style={{ width: 124 }}
          value={draftOf(r).level}
          disabled={!canEdit}
          onChange={(level) => edit(r, { level })}
          options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
        />
      ),
    },
    {
      title: '参数',
      key: 'params',
      width: 320,
      render: (_: unknown, r) =>
        r.paramSpecs.length === 0 ? (
          <Typography.Text type="secondary">无参数</Typography.Text>
        ) : (
          <Flex vertical gap={6}>
            {r.paramSpecs.map((s) => (
              <Flex key={s.key} align="center" gap={8}>
                <Typography.Text style={{ width: 150 }}>{s.label}</Typography.Text>
                {s.oneOf ? (
                  <Select
                    aria-label={s.label}
                    style={{ width: 120 }}
                    value={String(draftOf(r).params[s.key] ?? '')}
                    disabled={!canEdit}
                    onChange={(v) => edit(r, { params: { ...draftOf(r).params, [s.key]: v } })}
                    options={s.oneOf.map((v) => ({ value: v, label: PERIOD_LABELS[v] ?? v }))}
                  />
                ) : (
                  <InputNumber
                    aria-label={s.label}
                    style={{ width: 120 }}
                    min={s.min ?? undefined}
                    max={s.max ?? undefined}
                    precision={0}
                    value={Number(draftOf(r).params[s.key])}
                    disabled={!canEdit}
                    onChange={(v) => edit(r, { params: { ...draftOf(r).params, [s.key]: v ?? 0 } })}
                  />
                )}
              </Flex>
            ))}
          </Flex>
        ),
    },
    {
      title: '',
      key: 'save',
      width: 96,
      render: (_: unknown, r) =>
        canEdit && (
          <Button
            type="primary"
            disabled={!dirty(r)}
            loading={save.isPending && save.variables?.cause === r.cause}
            onClick={() =>
              save.mutate(
                { cause: r.cause, body: draftOf(r) },
                {
                  onSuccess: () =>
                    setDrafts((d) => {
                      const { [r.cause]: _saved, ...rest } = d;
                      return rest;
                    }),
                },
              )
            }
          >
            保存
          </Button>
        ),
    },
  ];

  if (rules.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (rules.isError)
    return (
      <Result
        status="error"
        title="督办规则加载失败"
        subTitle={describeError(rules.error)}
        extra={
          <Button type="primary" onClick={() => void rules.refetch()}>
            重新加载
          </Button>
        }
      />
    );
  return (
    <Flex vertical gap={12}>
      <Alert
        type="info"
        showIcon
        title="督办引擎按规则定时扫描工单：每个事由、每个对象只立案一次。修改立即对下一轮扫描生效，已立案的案件不受影响。"
      />
      <Table<SupervisionRule>
        rowKey="cause"
        size="middle"
        columns={columns}
        dataSource={rules.data.items}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无督办规则" /> }}
      />
    </Flex>
  );
}
