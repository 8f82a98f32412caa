import { Empty, Flex, Result, Skeleton, Tabs, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { describeError } from '../../api/error-handling.ts';
import type { OrderEvent } from '../../api/types.ts';
import { timelineItem } from '../orders/OrderDetailPage.tsx';
import { unitName, useUnits } from '../orders/reference.ts';
import { AttachmentThumbs } from '../review/AttachmentThumbs.tsx';
import type { useTimeline } from '../review/order-events.ts';

const numbers = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];

/** Files linked by a step: reply attachments, return evidence, a final reply's signed evidence. */
export function eventAttachments(e: OrderEvent): { label: string; ids: number[] }[] {
  const p = e.payload;
  const groups = [
    { label: `${e.actionLabel}附件`, ids: numbers(p.attachmentIds) },
    { label: '退单证明材料', ids: numbers(p.evidenceAttachmentIds) },
  ];
  if (typeof p.finalReply === 'object' && p.finalReply !== null) {
    groups.push({
      label: '最终答复签批件',
      ids: numbers((p.finalReply as Record<string, unknown>).evidenceAttachmentIds),
    });
  }
  return groups.filter((g) => g.ids.length > 0);
}

/** The order's record beside the actions: every step (timeline) and every file the steps linked. */
export function OrderRecord({ timeline }: { timeline: ReturnType<typeof useTimeline> }) {
  const units = useUnits();
  const events = timeline.data?.items ?? [];
  const withFiles = events.flatMap((e) => eventAttachments(e).map((g) => ({ event: e, ...g })));
  const fileCount = withFiles.reduce((n, g) => n + g.ids.length, 0);

  if (timeline.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (timeline.isError) {
    return <Result status="warning" title="流转记录加载失败" subTitle={describeError(timeline.error)} />;
  }
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'timeline',
          label: `流转记录（${events.length}）`,
          children:
            events.length > 0 ? (
              <Timeline
                data-testid="order-timeline"
                style={{ paddingTop: 8 }}
                items={events.map((e) => timelineItem(e, (uid) => unitName(units.data, uid)))}
              />
            ) : (
              <Empty description="暂无流转记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ),
        },
        {
          key: 'files',
          label: `附件（${fileCount}）`,
          children:
            withFiles.length > 0 ? (
              <Flex vertical gap={16} data-testid="order-attachments">
                {withFiles.map((g) => (
                  <div key={`${g.event.seq}-${g.label}`}>
                    <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                      {g.label} · {dayjs(g.event.createdAt).format('MM-DD HH:mm')} ·{' '}
                      {g.event.actorName ?? '系统'}
                    </Typography.Text>
                    <AttachmentThumbs ids={g.ids} />
                  </div>
                ))}
              </Flex>
            ) : (
              <Empty description="各环节尚未上传附件" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ),
        },
      ]}
    />
  );
}
