import { CopyOutlined, LinkOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, type FormInstance, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { StateTag } from '../orders/OrderBadges.tsx';

interface Draft {
  phone?: string;
  address?: string;
  title?: string;
  text?: string;
  categoryId?: number;
  regionUnitId?: number;
}

const REASON_COLORS: Record<string, string> = {
  same_caller: 'purple',
  same_place: 'cyan',
  similar_text: 'orange',
};
const PHONE = /^\+?[0-9-]{5,20}$/;

/** The draft as the similar-orders search reads it, or null while there is too little to search on. */
function draftOf(v: Record<string, unknown> | undefined): Draft | null {
  if (!v) return null;
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
  const last = (k: string) => (Array.isArray(v[k]) ? (v[k] as number[]).at(-1) : undefined);
  const phone = s('citizenPhone');
  const d: Draft = {
    phone: PHONE.test(phone) ? phone : undefined,
    address: s('address') || undefined,
    title: s('title') || undefined,
    text: s('content') || undefined,
    categoryId: last('category'),
    regionUnitId: last('region'),
  };
  const words = `${d.title ?? ''}${d.text ?? ''}`.length;
  return d.phone || words >= 6 || (d.address?.length ?? 0) >= 6 ? d : null;
}

/**
 * 诉求查重 while the call-taker types (debounced): open or recent orders likely about the same
 * matter, with the reason (same caller, same place, similar text). Once the order is created, each
 * can be linked to it as one matter (多人反映同一事项 counts towards 督办).
 */
export function DuplicatesPanel({
  form,
  createdOrderId,
}: {
  form: FormInstance;
  createdOrderId?: number | undefined;
}) {
  const { message } = App.useApp();
  const values = Form_useWatchAll(form);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [linked, setLinked] = useState<Set<number>>(new Set());

  const key = JSON.stringify(draftOf(values));
  useEffect(() => {
    const next = JSON.parse(key) as Draft | null;
    if (!next) return;
    const timer = setTimeout(() => setDraft((prev) => (JSON.stringify(prev) === key ? prev : next)), 600);
    return () => clearTimeout(timer);
  }, [key]);
  useEffect(() => {
    if (createdOrderId === undefined) setLinked(new Set());
  }, [createdOrderId]);

  const similar = useQuery({
    queryKey: ['orders', 'similar', draft],
    queryFn: () => unwrap(api.POST('/api/orders/similar', { body: { ...(draft ?? {}), limit: 8 } })),
    enabled: draft !== null,
    staleTime: 15_000,
  });
  const link = useMutation({
    mutationFn: (withOrderId: number) =>
      unwrap(api.POST('/api/matters/link', { body: { orderId: createdOrderId ?? 0, withOrderId } })),
    onSuccess: (m, withOrderId) => {
      setLinked((s) => new Set(s).add(withOrderId));
      message.success(
        m.supervisionCaseId
          ? `已关联为同一事项：${m.citizens} 人反映，已自动立督办案件`
          : `已关联为同一事项：${m.citizens} 人反映`,
      );
    },
  });

  const items = (similar.data?.items ?? []).filter((i) => i.id !== createdOrderId);
  return (
    <Card
      size="small"
      data-testid="duplicates-panel"
      title={
        <Space size={8}>
          <CopyOutlined />
          <span>诉求查重</span>
          {items.length > 0 && <Tag color="orange">{items.length} 条可能重复</Tag>}
        </Space>
      }
    >
      {draft === null ? (
        <Typography.Text type="secondary">
          输入来电号码、地址或诉求内容后，自动查找未办结和近 30 天的相似工单。
        </Typography.Text>
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={similar.isFetching ? '正在查找…' : '未发现相似工单'}
        />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item
              style={{ paddingInline: 0 }}
              actions={
                createdOrderId !== undefined
                  ? [
                      <Button
                        key="link"
                        size="small"
                        icon={<LinkOutlined />}
                        disabled={linked.has(i.id)}
                        loading={link.isPending && link.variables === i.id}
                        onClick={() => link.mutate(i.id)}
                      >
                        {linked.has(i.id) ? '已关联' : '同一事项'}
                      </Button>,
                    ]
                  : undefined
              }
            >
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Link to={`/orders/${i.id}`} target="_blank">
                    {i.number}
                  </Link>
                  <StateTag state={i.state} label={i.stateLabel} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(i.createdAt).format('MM-DD HH:mm')}
                  </Typography.Text>
                </Flex>
                <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                  {i.title}
                </Typography.Text>
                <Flex gap={4} wrap>
                  {i.reasonText.map((r, n) => (
                    <Tag
                      key={r}
                      color={REASON_COLORS[i.reasons[n] ?? ''] ?? 'default'}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {r}
                    </Tag>
                  ))}
                  {i.matterId !== null && <Tag style={{ marginInlineEnd: 0 }}>已归入同一事项</Tag>}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Every field of the form, re-rendering as it changes (the form may be unmounted after submission). */
function Form_useWatchAll(form: FormInstance): Record<string, unknown> | undefined {
  return Form.useWatch((v) => v as Record<string, unknown>, form);
}
