import {
  Alert,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  List,
  Result,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import { CaseActions } from './CaseActions.tsx';
import { CaseDeadline, CaseStatusTag, LevelTag } from './CaseBadges.tsx';
import { type CaseDetail, useCase } from './supervise-api.ts';

const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
const CHANNEL_NAMES: Record<string, string> = { in_app: '站内', sms: '短信', email: '邮件' };

/** Case detail: facts, the supervisor's actions, linked orders, notices and the full history. */
export function CaseDrawer(props: {
  caseId: number | null;
  now: number;
  canManage: boolean;
  onClose: () => void;
}) {
  const detail = useCase(props.caseId);
  const d = detail.data;
  return (
    <Drawer
      title={d ? `督办案件 #${d.id}` : '督办案件'}
      open={props.caseId !== null}
      onClose={props.onClose}
      size={720}
      destroyOnHidden
      data-testid="case-drawer"
    >
      {detail.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : detail.isError ? (
        <Result
          status={isApiError(detail.error, 'NOT_FOUND') ? '404' : 'error'}
          title={isApiError(detail.error, 'NOT_FOUND') ? '督办案件不存在或无权查看' : '督办案件加载失败'}
          subTitle={describeError(detail.error)}
        />
      ) : d ? (
        <CaseBody d={d} now={props.now} canManage={props.canManage} />
      ) : null}
    </Drawer>
  );
}

function CaseBody({ d, now, canManage }: { d: CaseDetail; now: number; canManage: boolean }) {
  const active = d.status !== 'resolved' && d.status !== 'closed';
  return (
    <Flex vertical gap={20}>
      <Flex vertical gap={8}>
        <Flex gap={8} align="center" wrap>
          <LevelTag level={d.level} />
          <CaseStatusTag status={d.status} />
          <Typography.Text type="secondary">{d.causeLabel}</Typography.Text>
        </Flex>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {d.summary}
        </Typography.Title>
      </Flex>
      {d.late && active && <Alert type="error" showIcon title="督办案件已超过督办期限，请及时升级或催办" />}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="责任单位">{d.unitName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="督办人">{d.ownerName ?? '未指定'}</Descriptions.Item>
        <Descriptions.Item label="立案时间">{fmt(d.openedAt)}</Descriptions.Item>
        <Descriptions.Item label="督办期限">
          <Flex vertical>
            <span className="tabular">{fmt(d.dueAt)}</span>
            <CaseDeadline c={d} now={now} />
          </Flex>
        </Descriptions.Item>
        {d.result && (
          <Descriptions.Item label={d.status === 'resolved' ? '办结结果' : '关闭理由'} span={2}>
            {d.result}
          </Descriptions.Item>
        )}
      </Descriptions>
      {canManage && active && <CaseActions detail={d} />}

      <section>
        <Typography.Title level={5}>关联工单</Typography.Title>
        {d.orders.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有关联工单" />
        ) : (
          <List
            size="small"
            bordered
            dataSource={d.orders}
            renderItem={(o) => (
              <List.Item extra={<Tag>{o.stateLabel}</Tag>}>
                <Flex vertical style={{ minWidth: 0 }}>
                  <span>
                    <Link to={`/orders/${o.id}`} className="tabular">
                      {o.number}
                    </Link>{' '}
                    {o.title}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {o.urgencyLabel} · {o.handlingUnitName ?? '未派单'}
                    {o.handleDueAt ? ` · 办理时限 ${fmt(o.handleDueAt)}` : ''}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </section>

      <section>
        <Typography.Title level={5}>督办通知</Typography.Title>
        {d.notices.length === 0 ? (
          <Typography.Text type="secondary">尚未发送督办通知</Typography.Text>
        ) : (
          <List
            size="small"
            bordered
            dataSource={d.notices}
            renderItem={(n) => (
              <List.Item extra={n.readAt ? <Tag color="success">已读</Tag> : <Tag color="warning">未读</Tag>}>
                <Flex vertical>
                  <span>{n.message}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt(n.createdAt)} · {n.senderName ?? '系统'} → {n.unitName} ·{' '}
                    {n.channels.map((c) => CHANNEL_NAMES[c] ?? c).join('、')}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </section>

      <section>
        <Typography.Title level={5}>督办历史</Typography.Title>
        <Timeline
          items={d.events.map((e) => ({
            key: e.id,
            color: e.action === 'escalate' ? 'red' : e.action === 'resolve' ? 'green' : 'blue',
            content: (
              <Flex vertical gap={2}>
                <span>
                  <strong>{e.actionLabel}</strong>
                  {e.action === 'escalate' ? ` → ${e.levelLabel}` : ''}
                  <Typography.Text type="secondary"> · {e.actorName ?? '系统'}</Typography.Text>
                </span>
                {e.note && <span>{e.note}</span>}
                <Typography.Text type="secondary" className="tabular" style={{ fontSize: 12 }}>
                  {fmt(e.createdAt)}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      </section>
    </Flex>
  );
}
