import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Skeleton, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client.ts';

type Severity = 'hint' | 'warning' | 'reject';

const SEVERITY: Record<Severity, { label: string; color: string }> = {
  reject: { label: '建议驳回', color: 'red' },
  warning: { label: '需注意', color: 'orange' },
  hint: { label: '提示', color: 'blue' },
};
const ORDER: Record<Severity, number> = { reject: 0, warning: 1, hint: 2 };

/**
 * Automatic reply-review flags (答复审核规则, `GET /api/orders/{id}/reply-check`): each rule that fired
 * on the latest reply, with its name, what it found and the words that made it fire. The reviewer
 * decides; the flags only point at what to look at.
 */
export function ReplyCheckFlags({ orderId }: { orderId: number }) {
  const check = useQuery({
    queryKey: ['orders', 'reply-check', orderId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders/{id}/reply-check', { params: { path: { id: orderId } }, signal })),
    retry: false,
    // The checklist below still guides the reviewer when the automatic check is unavailable.
    meta: { quietErrors: ['NOT_FOUND', 'FORBIDDEN', 'INTERNAL', 'NETWORK_ERROR'] },
  });

  if (check.isPending)
    return <Skeleton active title={false} paragraph={{ rows: 1 }} style={{ marginTop: 12 }} />;
  if (check.isError) {
    return (
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
        答复自动检查暂不可用，请按审核要点人工核对。
      </Typography.Text>
    );
  }
  const { flags, relevance } = check.data;
  const score = (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      诉求与答复相关度 {relevance.toFixed(2)}
    </Typography.Text>
  );
  if (flags.length === 0) {
    return (
      <Alert
        data-testid="reply-check"
        type="success"
        showIcon
        style={{ marginTop: 12 }}
        title={
          <Flex justify="space-between" gap={8} wrap>
            <span>答复自动检查未发现问题</span>
            {score}
          </Flex>
        }
      />
    );
  }
  const sorted = [...flags].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const worst = sorted[0]?.severity ?? 'hint';
  return (
    <Alert
      data-testid="reply-check"
      type={worst === 'reject' ? 'error' : worst === 'warning' ? 'warning' : 'info'}
      showIcon
      style={{ marginTop: 12 }}
      title={
        <Flex justify="space-between" gap={8} wrap>
          <span>答复自动检查发现 {flags.length} 处问题</span>
          {score}
        </Flex>
      }
      description={
        <Flex vertical gap={4}>
          {sorted.map((f) => (
            <div key={`${f.ruleCode}-${f.message}`} data-rule={f.ruleCode}>
              <Tag color={SEVERITY[f.severity].color} style={{ marginInlineEnd: 6 }}>
                {SEVERITY[f.severity].label}
              </Tag>
              <Typography.Text strong>{f.ruleName}</Typography.Text>
              <Typography.Text>：{f.message}</Typography.Text>
              {f.evidence && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                  （“{f.evidence}”）
                </Typography.Text>
              )}
            </div>
          ))}
        </Flex>
      }
    />
  );
}
