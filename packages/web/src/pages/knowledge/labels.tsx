import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { EntryState, Kind, WorkflowAction } from './knowledge-api.ts';

export const KINDS: readonly Kind[] = ['policy', 'guide', 'faq', 'process'];
export const KIND_LABELS: Record<Kind, string> = {
  policy: '政策',
  guide: '办事指南',
  faq: '常见问答',
  process: '办理流程',
};
const KIND_COLORS: Record<Kind, string> = {
  policy: 'geekblue',
  guide: 'cyan',
  faq: 'purple',
  process: 'gold',
};

export const STATES: readonly EntryState[] = ['draft', 'in_review', 'published', 'expired', 'withdrawn'];
export const STATE_LABELS: Record<EntryState, string> = {
  draft: '草稿',
  in_review: '审核中',
  published: '已发布',
  expired: '已过期',
  withdrawn: '已撤回',
};
const STATE_COLORS: Record<EntryState, string> = {
  draft: 'default',
  in_review: 'processing',
  published: 'success',
  expired: 'error',
  withdrawn: 'warning',
};

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: '提交审核',
  approve: '审核通过并发布',
  reject: '驳回修改',
  withdraw: '撤回',
  confirm: '复核确认',
};

export function KindTag({ kind }: { kind: Kind }) {
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {KIND_LABELS[kind]}
    </Tag>
  );
}

export function StateTag({ state }: { state: EntryState }) {
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }}>
      {STATE_LABELS[state]}
    </Tag>
  );
}

/** Days before expiry at which an entry counts as 即将到期 (the server's reminder window). */
const EXPIRY_NOTICE_DAYS = 30;

/** 即将到期 / 已过期 / 超过一年未复核, as tags beside an entry. */
export function AttentionTags(props: { state: EntryState; expiresOn: string | null; reviewDue: boolean }) {
  const today = dayjs().format('YYYY-MM-DD');
  const expired = props.state === 'expired' || (props.expiresOn !== null && props.expiresOn < today);
  const expiring =
    !expired &&
    props.state === 'published' &&
    props.expiresOn !== null &&
    dayjs(props.expiresOn).diff(dayjs(today), 'day') <= EXPIRY_NOTICE_DAYS;
  return (
    <>
      {expired && (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          已过期
        </Tag>
      )}
      {expiring && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          即将到期
        </Tag>
      )}
      {props.reviewDue && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
          超过一年未复核
        </Tag>
      )}
    </>
  );
}
