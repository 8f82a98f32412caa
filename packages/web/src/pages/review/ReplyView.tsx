import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { OrderEvent } from '../../api/types.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { AttachmentThumbs } from './AttachmentThumbs.tsx';
import { fmt } from './OrderFacts.tsx';
import { extensions, latestReply, rejections } from './order-events.ts';

const LEVEL_LABELS = { unit: '单位审核', centre: '中心审核' } as const;

/**
 * 答复: what the unit answered, by whom and when; the handler's self-check (自查); 最终答复 with its
 * signer and evidence; photos and files; and what happened before (驳回, 延期) that a reviewer weighs.
 */
export function ReplyView({
  events,
  pending,
}: {
  events: readonly OrderEvent[] | undefined;
  pending: boolean;
}) {
  const units = useUnits();
  if (pending) return <Skeleton active paragraph={{ rows: 5 }} />;
  const reply = latestReply(events);
  if (!reply) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="流转记录中未找到答复内容" />;
  }
  const rejected = rejections(events);
  const exts = extensions(events);
  return (
    <div data-testid="reply-view">
      <Typography.Text type="secondary" className="tabular" style={{ display: 'block' }}>
        {fmt(reply.event.createdAt)} · {unitName(units.data, reply.unitId) ?? '承办单位'}
        {reply.event.actorName ? ` · ${reply.event.actorName}` : ''}
      </Typography.Text>
      <Flex gap={6} wrap style={{ margin: '6px 0' }}>
        {reply.contactedCitizen ? (
          <Tag icon={<CheckCircleFilled />} color="success" style={{ marginInlineEnd: 0 }}>
            自查：已联系诉求人
          </Tag>
        ) : (
          <Tag icon={<CloseCircleFilled />} color="error" style={{ marginInlineEnd: 0 }}>
            自查：未联系诉求人
          </Tag>
        )}
        {reply.late && (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            超时答复
          </Tag>
        )}
        {reply.finalReply && (
          <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
            最终答复 · 签批人 {reply.finalReply.signedBy}
          </Tag>
        )}
      </Flex>
      <Typography.Paragraph
        data-testid="reply-content"
        style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}
        ellipsis={{ rows: 10, expandable: 'collapsible', symbol: (open) => (open ? '收起' : '展开') }}
      >
        {reply.content || '（答复内容为空）'}
      </Typography.Paragraph>
      <Flex vertical gap={8}>
        <AttachmentThumbs ids={reply.attachmentIds} label="答复附件" />
        {reply.finalReply && (
          <AttachmentThumbs ids={reply.finalReply.evidenceAttachmentIds} label="最终答复签批材料" />
        )}
        {reply.attachmentIds.length === 0 && !reply.finalReply && (
          <Typography.Text type="secondary">未附照片或材料</Typography.Text>
        )}
      </Flex>
      {rejected.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 10 }}
          title={`此前被驳回 ${rejected.length} 次`}
          description={rejected.map((r) => (
            <div key={r.event.seq}>
              <Typography.Text type="secondary" className="tabular">
                {dayjs(r.event.createdAt).format('MM-DD HH:mm')} {r.level ? LEVEL_LABELS[r.level] : '审核'}：
              </Typography.Text>
              {r.reason}
            </div>
          ))}
        />
      )}
      {exts.length > 0 && (
        <div style={{ marginTop: 10 }} data-testid="reply-extensions">
          <Typography.Text type="secondary">延期记录</Typography.Text>
          {exts.map((x) => (
            <div key={x.requested.seq} style={{ fontSize: 13 }}>
              <Tag
                color={
                  x.decision?.action === 'approve_extension'
                    ? 'success'
                    : x.decision?.action === 'refuse_extension'
                      ? 'error'
                      : 'processing'
                }
                style={{ marginInlineEnd: 6 }}
              >
                {x.decision?.action === 'approve_extension'
                  ? '已批准'
                  : x.decision?.action === 'refuse_extension'
                    ? '已驳回'
                    : '待审批'}
              </Tag>
              申请延至 {fmt(x.requestedDueAt)}：{x.reason}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
