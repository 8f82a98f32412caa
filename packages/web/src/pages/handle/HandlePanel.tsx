import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Flex, Result, Skeleton, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import type { Order, Unit } from '../../api/types.ts';
import { OrderSummary } from '../dispatch/OrderSummary.tsx';
import { formatDuration } from '../orders/deadline.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { extensions, redoVisits, rejections, useTimeline } from '../review/order-events.ts';
import { OrderRecord } from './OrderRecord.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import { DelegateForm, ExtensionForm, ReturnForm, returnWindow, SignForm } from './StepForms.tsx';

const when = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');

/** Whether `unitId` is `rootId` or lies below it (unit work is done by the handling unit's line). */
function inLine(units: Map<number, Unit> | undefined, unitId: number | null, rootId: number | null) {
  if (!units || unitId === null || rootId === null) return false;
  for (let u = units.get(unitId); u; u = u.parentId === null ? undefined : units.get(u.parentId)) {
    if (u.id === rootId) return true;
  }
  return false;
}

/** One clock of the order: when it is due and how long is left, yellow when close, red when passed. */
function Clock({
  label,
  due,
  yellowAt,
  now,
  done,
}: {
  label: string;
  due: string | null;
  yellowAt?: string | null;
  now: number;
  done?: boolean;
}) {
  if (!due) return null;
  const left = new Date(due).getTime() - now;
  const tone = done
    ? 'default'
    : left <= 0
      ? 'red'
      : yellowAt && new Date(yellowAt).getTime() <= now
        ? 'gold'
        : 'blue';
  return (
    <Tooltip title={`${label}时限：${dayjs(due).format('YYYY-MM-DD HH:mm')}`}>
      <Tag color={tone} style={{ marginInlineEnd: 0, padding: '2px 8px' }} className="tabular">
        {label} {when(due)}
        {!done && (left > 0 ? ` · 剩 ${formatDuration(left)}` : ` · 超期 ${formatDuration(left)}`)}
      </Tag>
    </Tooltip>
  );
}

/**
 * The order at hand and what the unit can do with it now: 签收 / 退单 / 下派 while it waits to be
 * signed; 答复 / 申请延期 / 下派 / 退单 while handling; otherwise who it waits on. Below: the full record.
 */
export function HandlePanel({
  orderId,
  row,
  myUnitId,
  now,
  onSigned,
  onDone,
}: {
  orderId: number;
  /** The queue's copy, shown while the order itself loads. */
  row: Order | undefined;
  myUnitId: number | null;
  now: number;
  onSigned: (order: Order) => void;
  onDone: () => void;
}) {
  const units = useUnits();
  const detail = useQuery({
    queryKey: ['orders', 'detail', orderId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/orders/{id}', { params: { path: { id: orderId } }, signal })),
    placeholderData: row,
    meta: { quietErrors: ['NOT_FOUND'] },
  });
  const timeline = useTimeline(orderId);

  if (isApiError(detail.error, 'NOT_FOUND')) {
    return (
      <Result
        status="404"
        title="工单不存在或无权查看"
        subTitle="该工单不在本单位的办理范围内，可能已被改派或退回。"
      />
    );
  }
  if (detail.isError && !detail.data) {
    return (
      <Result
        status="error"
        title="工单加载失败"
        subTitle={describeError(detail.error)}
        extra={<Button onClick={() => void detail.refetch()}>重新加载</Button>}
      />
    );
  }
  const order = detail.data;
  if (!order) return <Skeleton active paragraph={{ rows: 8 }} />;

  const events = timeline.data?.items;
  const pendingExtension = extensions(events).find((x) => x.decision === null);
  const lastRejection = order.state === 'handling' && order.repliedAt ? rejections(events).at(-1) : undefined;
  const lastRedo = order.redoCount > 0 ? redoVisits(events).at(-1) : undefined;
  const ours = inLine(units.data, order.handlingUnitId, myUnitId);
  const win = returnWindow(order, now);
  const handlingClock =
    order.state === 'dispatched' || order.state === 'handling' || order.state === 'return_requested';

  const actions = (() => {
    if (!ours) {
      return (
        <Alert
          type="info"
          showIcon
          title={`本工单由${unitName(units.data, order.handlingUnitId) ?? '其他单位'}承办`}
          description="本单位为协办单位或上级单位，可查看办理情况；签收、答复等由承办单位操作。"
        />
      );
    }
    const returnTab = {
      key: 'return',
      label: win.open ? '退单' : '退单（已过时限）',
      children: <ReturnForm order={order} now={now} onDone={onDone} />,
    };
    const delegateTab = {
      key: 'delegate',
      label: '下派',
      children: <DelegateForm order={order} onDone={onDone} />,
    };
    if (order.state === 'dispatched') {
      return (
        <Tabs
          key={`${order.id}-${order.state}`}
          size="small"
          items={[
            { key: 'sign', label: '签收', children: <SignForm order={order} onSigned={onSigned} /> },
            returnTab,
            delegateTab,
          ]}
        />
      );
    }
    if (order.state === 'handling') {
      return (
        <Tabs
          key={`${order.id}-${order.state}`}
          size="small"
          items={[
            { key: 'reply', label: '答复', children: <ReplyForm order={order} onDone={onDone} /> },
            {
              key: 'extension',
              label: pendingExtension ? '申请延期（审批中）' : '申请延期',
              children: (
                <ExtensionForm order={order} now={now} pending={!!pendingExtension} onDone={onDone} />
              ),
            },
            delegateTab,
            returnTab,
          ]}
        />
      );
    }
    const waiting: Partial<Record<Order['state'], string>> = {
      return_requested: '退单申请已提交，等待热线中心审核；驳回后由本单位继续办理，办理时限照常计算。',
      unit_review: '答复已提交，等待本单位审核员审核。',
      centre_review: '答复已通过单位审核，等待热线中心审核。',
      visit_pending: '答复已通过审核，等待回访诉求人。',
    };
    return (
      <Alert
        type="info"
        showIcon
        data-testid="waiting-state"
        title={`当前状态：${order.stateLabel}`}
        description={waiting[order.state] ?? '本工单当前无需本单位操作。'}
      />
    );
  })();

  return (
    <div data-testid="handle-panel" data-order-id={order.id} data-state={order.state}>
      <OrderSummary order={order} compact />
      <Flex gap={8} wrap style={{ marginTop: 4 }} data-testid="order-clocks">
        {order.state === 'dispatched' && <Clock label="签收" due={order.signDueAt} now={now} />}
        {(order.state === 'dispatched' || order.state === 'handling') && order.returnDueAt && (
          <Clock label="退单" due={order.returnDueAt} now={now} done={!win.open} />
        )}
        {handlingClock && <Clock label="办理" due={order.handleDueAt} yellowAt={order.yellowAt} now={now} />}
        {order.handlingUnitId !== myUnitId && order.handlingUnitId !== null && (
          <Tag color="geekblue" style={{ marginInlineEnd: 0, padding: '2px 8px' }}>
            承办：{unitName(units.data, order.handlingUnitId)}
          </Tag>
        )}
      </Flex>
      {pendingExtension && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="pending-extension"
          title={`延期申请审批中：申请延至 ${when(pendingExtension.requestedDueAt)}`}
          description={`理由：${pendingExtension.reason}（${when(pendingExtension.requested.createdAt)} 提交）。审批前原办理时限仍然有效。`}
        />
      )}
      {lastRejection && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="rejection"
          title={`答复被${lastRejection.level === 'centre' ? '中心' : '单位'}审核驳回，请整改后重新答复`}
          description={`驳回理由：${lastRejection.reason}`}
        />
      )}
      {lastRedo && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={`回访不满意，第 ${order.redoCount} 次重办`}
          description={
            lastRedo.note
              ? `回访记录：${lastRedo.note}`
              : '诉求人对上次办理结果不满意或问题未解决，请重新办理。'
          }
        />
      )}
      <Divider style={{ margin: '12px 0 4px' }} />
      {actions}
      <Divider style={{ margin: '16px 0 0' }} />
      <OrderRecord timeline={timeline} />
    </div>
  );
}
