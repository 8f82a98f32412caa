import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Flex, Popconfirm, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { api, unwrap } from '../../../api/client.ts';
import { LoadFailed } from '../../admin/AdminStates.tsx';
import { ReviewRuleEditor } from './ReviewRuleEditor.tsx';
import {
  type CheckResult,
  type ReviewRule,
  RULES_KEY,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
  useReviewRules,
} from './review-rules-api.ts';
import { describeRule } from './rule-params.ts';
import { TryReply } from './TryReply.tsx';

const SHOWN_PHRASES = 12;

/**
 * 审核规则 (答复审核规则, DOMAIN §5): the rules every reply is checked against before a reviewer reads
 * it — their kind, severity and switch, an editor, and 试一试 to see which rules a text sets off.
 */
export default function ReviewRulesTab() {
  const rules = useReviewRules();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ReviewRule | 'new' | null>(null);
  const [fired, setFired] = useState<ReadonlySet<string>>(new Set());
  const onResult = useCallback(
    (r: CheckResult | undefined) => setFired(new Set(r?.flags.map((f) => f.ruleCode) ?? [])),
    [],
  );

  const toggle = useMutation({
    mutationFn: (o: { code: string; enabled: boolean; version: number }) =>
      unwrap(
        api.PUT('/api/review-rules/{code}', {
          params: { path: { code: o.code } },
          body: { enabled: o.enabled, version: o.version },
        }),
      ),
    onSuccess: (r) => {
      message.success(`已${r.enabled ? '启用' : '停用'}审核规则「${r.name}」`);
      void queryClient.invalidateQueries({ queryKey: RULES_KEY });
    },
    // A 409 (someone else saved the rule meanwhile) is shown by the request-error handler; reload.
    onError: () => void queryClient.invalidateQueries({ queryKey: RULES_KEY }),
  });
  const remove = useMutation({
    mutationFn: (r: ReviewRule) =>
      unwrap(api.DELETE('/api/review-rules/{code}', { params: { path: { code: r.code } } })),
    onSuccess: (_, r) => {
      message.success(`已删除审核规则「${r.name}」`);
      void queryClient.invalidateQueries({ queryKey: RULES_KEY });
    },
  });
  const canEdit = rules.data?.canEdit ?? false;

  const columns: ColumnsType<ReviewRule> = [
    {
      title: '规则',
      key: 'name',
      width: 236,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Typography.Text strong type={r.enabled ? undefined : 'secondary'}>
              {r.name}
            </Typography.Text>
            {!r.enabled && <Tag>已停用</Tag>}
          </Space>
          <Space size={4}>
            <Tag>{r.kindLabel}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {r.code}
            </Typography.Text>
          </Space>
        </Space>
      ),
    },
    {
      title: '级别',
      dataIndex: 'severity',
      width: 96,
      render: (s: ReviewRule['severity'], r) => (
        <Space orientation="vertical" size={2}>
          <Tag color={SEVERITY_COLORS[s]}>{SEVERITY_LABELS[s]}</Tag>
          {fired.has(r.code) && (
            <Tag color="magenta" data-testid="rule-fired">
              已触发
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: '触发条件',
      key: 'when',
      render: (_: unknown, r) => {
        const phrases =
          r.kind === 'forbidden_phrase' && Array.isArray(r.params.phrases) ? r.params.phrases : [];
        return (
          <Space orientation="vertical" size={4}>
            <Typography.Text style={{ fontSize: 13 }}>{describeRule(r)}</Typography.Text>
            {phrases.length > 0 && (
              <Flex wrap gap={4}>
                {phrases.slice(0, SHOWN_PHRASES).map((p) => (
                  <Tag key={String(p)} style={{ marginInlineEnd: 0 }}>
                    {String(p)}
                  </Tag>
                ))}
                {phrases.length > SHOWN_PHRASES && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    等 {phrases.length} 个
                  </Typography.Text>
                )}
              </Flex>
            )}
          </Space>
        );
      },
    },
    {
      title: '启用',
      dataIndex: 'enabled',
      width: 64,
      render: (enabled: boolean, r) => (
        <Switch
          size="small"
          aria-label={`启用「${r.name}」`}
          checked={enabled}
          disabled={!canEdit}
          loading={toggle.isPending && toggle.variables?.code === r.code}
          onChange={(v) => toggle.mutate({ code: r.code, enabled: v, version: r.version })}
        />
      ),
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            width: 92,
            render: (_: unknown, r: ReviewRule) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={`编辑「${r.name}」`}
                  onClick={() => setEditing(r)}
                />
                <Popconfirm
                  title={`删除审核规则「${r.name}」？`}
                  description="删除后不再检查；只想暂时不用请关闭“启用”。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove.mutateAsync(r)}
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除「${r.name}」`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (rules.isError)
    return <LoadFailed what="审核规则" error={rules.error} onRetry={() => void rules.refetch()} />;

  return (
    <Row gutter={16} data-testid="review-rules">
      <Col xs={24} xl={15}>
        <Flex justify="space-between" align="center" gap={16} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">
            每条答复提交审核时按启用的规则自动检查，结果显示在审核台答复上方，供审核员参考；规则只提示，不会自动驳回。
          </Typography.Text>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增规则
            </Button>
          )}
        </Flex>
        <Table<ReviewRule>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={rules.data?.items}
          loading={rules.isPending}
          pagination={false}
          tableLayout="fixed"
          data-testid="review-rule-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有审核规则" /> }}
        />
      </Col>
      <Col xs={24} xl={9}>
        <TryReply onResult={onResult} />
      </Col>
      {editing && (
        <ReviewRuleEditor rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </Row>
  );
}
