import { ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Skeleton, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client.ts';

const SOURCE: Record<string, { label: string; color: string }> = {
  catalogue: { label: '派单目录', color: 'gold' },
  model: { label: '模型', color: 'blue' },
  region: { label: '属地', color: 'green' },
};

/**
 * 智能派单建议: ranked units with their reasons (派单目录, the model and the words it relied on, 属地);
 * one click puts a suggestion (with its assisting units) into the dispatch form.
 */
export function DispatchSuggestions({
  orderId,
  onUse,
}: {
  orderId: number;
  onUse: (leadUnitId: number, assistUnitIds: number[]) => void;
}) {
  const q = useQuery({
    queryKey: ['orders', orderId, 'dispatch-suggestions'],
    queryFn: () =>
      unwrap(api.GET('/api/orders/{id}/dispatch-suggestions', { params: { path: { id: orderId } } })),
    staleTime: 30_000,
  });
  if (q.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (q.isError || q.data.suggestions.length === 0) return null;
  return (
    <div data-testid="dispatch-suggestions" style={{ marginBottom: 12 }}>
      <Typography.Text strong>
        <ThunderboltOutlined /> 智能派单建议
      </Typography.Text>
      <Flex vertical gap={6} style={{ marginTop: 6 }}>
        {q.data.suggestions.map((s, i) => {
          const source = SOURCE[s.source] ?? { label: s.source, color: 'default' };
          return (
            <Flex
              key={s.unitId}
              gap={8}
              align="flex-start"
              style={{
                padding: '6px 8px',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
                background: i === 0 ? '#fafcff' : undefined,
              }}
            >
              <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong data-testid="suggestion-unit">
                    {s.unitName}
                  </Typography.Text>
                  <Tag color={source.color} style={{ marginInlineEnd: 0 }}>
                    {source.label}
                  </Tag>
                  {s.source !== 'catalogue' && s.score > 0 && (
                    <Typography.Text type="secondary">{Math.round(s.score * 100)}%</Typography.Text>
                  )}
                  {s.assistUnitIds.length > 0 && (
                    <Typography.Text type="secondary">含协办 {s.assistUnitIds.length} 个</Typography.Text>
                  )}
                </Flex>
                {s.reasons.map((r) => (
                  <Typography.Text key={r} type="secondary" style={{ fontSize: 12 }}>
                    {r}
                  </Typography.Text>
                ))}
              </Flex>
              <Button
                size="small"
                type={i === 0 ? 'primary' : 'default'}
                ghost={i === 0}
                onClick={() => onUse(s.unitId, s.assistUnitIds)}
              >
                采用
              </Button>
            </Flex>
          );
        })}
      </Flex>
    </div>
  );
}
