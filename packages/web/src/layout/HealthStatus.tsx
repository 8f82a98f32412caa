import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Space, Typography } from 'antd';
import { api, unwrap } from '../api/client.ts';
import type { Health } from '../api/types.ts';

const DATABASE_LABELS: Record<Health['database'], string> = {
  pglite: '内置数据库 PGlite',
  postgres: 'PostgreSQL',
};

/** The service's own health check (GET /healthz), polled quietly in the footer. */
export function HealthStatus() {
  const health = useQuery({
    queryKey: ['healthz'],
    queryFn: () => unwrap(api.GET('/healthz', { signal: AbortSignal.timeout(8000) })),
    refetchInterval: 60_000,
    retry: false,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
  if (health.isPending) return <Badge status="processing" text="正在检查服务状态…" />;
  if (health.isError) {
    return (
      <Space size={4}>
        <Badge status="error" text="服务不可用" />
        <Button type="link" size="small" onClick={() => void health.refetch()}>
          重试
        </Button>
      </Space>
    );
  }
  return (
    <Space size={8}>
      <Badge status="success" text="服务运行正常" />
      <Typography.Text type="secondary">数据库：{DATABASE_LABELS[health.data.database]}</Typography.Text>
    </Space>
  );
}
