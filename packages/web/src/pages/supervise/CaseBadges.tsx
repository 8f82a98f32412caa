import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { formatDuration } from '../orders/deadline.ts';
import { LEVEL_COLORS, LEVEL_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels.ts';
import type { CaseStatus, Level, SupervisionCase } from './supervise-api.ts';

export function LevelTag({ level }: { level: Level }) {
  return (
    <Tag
      color={LEVEL_COLORS[level]}
      variant={level === 'escalated' ? 'solid' : 'filled'}
      data-level={level}
      style={{ marginInlineEnd: 0 }}
    >
      {LEVEL_LABELS[level]}
    </Tag>
  );
}

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {STATUS_LABELS[status]}
    </Tag>
  );
}

/** Countdown to the case's own deadline (working days at its level); finished cases show when. */
export function CaseDeadline({ c, now }: { c: Pick<SupervisionCase, 'dueAt' | 'endedAt'>; now: number }) {
  if (c.endedAt)
    return (
      <Typography.Text type="secondary" className="tabular">
        {dayjs(c.endedAt).format('MM-DD HH:mm')} 结案
      </Typography.Text>
    );
  const left = new Date(c.dueAt).getTime() - now;
  const soon = left > 0 && left < 8 * 3_600_000;
  return (
    <Tooltip title={`督办期限：${dayjs(c.dueAt).format('YYYY-MM-DD HH:mm')}`}>
      <Typography.Text
        type={left <= 0 ? 'danger' : soon ? 'warning' : undefined}
        className="tabular"
        style={{ whiteSpace: 'nowrap' }}
      >
        {left > 0 ? `剩 ${formatDuration(left)}` : `超期 ${formatDuration(left)}`}
      </Typography.Text>
    </Tooltip>
  );
}
