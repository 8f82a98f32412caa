import { CalendarOutlined, CheckOutlined, NodeIndexOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Form, Input, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order, Unit } from '../../api/types.ts';
import { subtreeIds } from '../admin/tree.ts';
import { unitTree } from '../dispatch/unit-tree.ts';
import { formatDuration } from '../orders/deadline.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { AttachmentUpload } from './AttachmentUpload.tsx';
import { StepError } from './StepError.tsx';
import { useStep } from './use-step.ts';

const when = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');

/** Ctrl/⌘+Enter submits the form at hand, as on the dispatch desk. */
export const submitOnCtrlEnter = (submit: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
};

export function ShortcutHint({ action }: { action: string }) {
  return (
    <Typography.Text type="secondary" style={{ alignSelf: 'center', fontSize: 12 }}>
      <kbd>Ctrl</kbd>+<kbd>Enter</kbd> {action}
    </Typography.Text>
  );
}

/** 签收: the unit takes the order on; the handling clock is already running since dispatch. */
export function SignForm({ order, onSigned }: { order: Order; onSigned: (o: Order) => void }) {
  const [note, setNote] = useState('');
  const sign = useStep(
    () =>
      unwrap(
        api.POST('/api/orders/{id}/sign', {
          params: { path: { id: order.id } },
          body: { note: note.trim() || undefined, expectedVersion: order.version },
        }),
      ),
    (o) => `工单 ${o.number} 已签收，请尽快办理`,
    onSigned,
  );
  return (
    <div
      data-testid="sign-form"
      onKeyDown={submitOnCtrlEnter(() => !sign.isPending && sign.mutate(undefined))}
    >
      <Input.TextArea
        aria-label="签收备注"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 1, maxRows: 3 }}
        placeholder="可选：签收备注，如“已安排网格员今日上门”"
        disabled={sign.isPending}
      />
      <Flex gap={12} style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckOutlined />}
          loading={sign.isPending}
          onClick={() => sign.mutate(undefined)}
        >
          签收
        </Button>
        <ShortcutHint action="签收" />
      </Flex>
      <StepError error={sign.error} onReset={sign.reset} />
    </div>
  );
}

/** The return window (1 working day from dispatch): open with time left, or closed. */
export function returnWindow(order: Order, now: number): { open: boolean; text: string } {
  if (!order.returnDueAt) return { open: true, text: '退单时限：未设定' };
  const left = new Date(order.returnDueAt).getTime() - now;
  return left > 0
    ? { open: true, text: `退单时限 ${when(order.returnDueAt)}，剩 ${formatDuration(left)}` }
    : { open: false, text: `退单时限 ${when(order.returnDueAt)} 已过` };
}

interface ReturnValues {
  reason: string;
}

/** 退单: not this unit's matter — a reason (required) and evidence, only inside the return window. */
export function ReturnForm({ order, now, onDone }: { order: Order; now: number; onDone: () => void }) {
  const [form] = Form.useForm<ReturnValues>();
  const [evidence, setEvidence] = useState<number[]>([]);
  const [uploading, setUploading] = useState(false);
  const win = returnWindow(order, now);
  const step = useStep(
    (v: ReturnValues) =>
      unwrap(
        api.POST('/api/orders/{id}/return', {
          params: { path: { id: order.id } },
          body: { reason: v.reason.trim(), evidenceAttachmentIds: evidence, expectedVersion: order.version },
        }),
      ),
    (o) => `工单 ${o.number} 已申请退单，等待热线中心审核`,
    onDone,
  );
  return (
    <div data-testid="return-form">
      <Alert
        type={win.open ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="return-window"
        title={win.text}
        description={
          win.open
            ? '退单须说明理由并附证明材料（如权属文件、管辖范围说明），由热线中心审核。'
            : '已超过退单时限，不能再退单。如确属非本单位职责，请签收后联系热线中心协调改派。'
        }
      />
      <Form<ReturnValues>
        name="return"
        form={form}
        layout="vertical"
        disabled={!win.open || step.isPending}
        onFinish={(v) => step.mutate(v)}
        onKeyDown={submitOnCtrlEnter(() => form.submit())}
      >
        <Form.Item
          name="reason"
          label="退单理由"
          rules={[
            { required: true, whitespace: true, message: '请填写退单理由' },
            { max: 2000, message: '退单理由不超过 2000 字' },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder="说明不属于本单位职责的依据，如“该路段由市政公司管养，非本街道辖区”"
          />
        </Form.Item>
        <Form.Item label="证明材料（可选）">
          <AttachmentUpload
            kind="file"
            label="上传证明材料"
            onChange={setEvidence}
            onBusyChange={setUploading}
            disabled={!win.open || step.isPending}
            testId="return-evidence"
          />
        </Form.Item>
        <Flex gap={12}>
          <Button
            danger
            size="large"
            icon={<RollbackOutlined />}
            htmlType="submit"
            loading={step.isPending}
            disabled={!win.open || uploading}
          >
            {uploading ? '材料上传中…' : '申请退单'}
          </Button>
          <ShortcutHint action="提交" />
        </Flex>
      </Form>
      <StepError error={step.error} onReset={step.reset} />
    </div>
  );
}

/** The units below `rootId` (not itself), for a TreeSelect rooted at its children. */
function subtreeOf(units: Map<number, Unit> | undefined, rootId: number | null): Map<number, Unit> {
  if (!units || rootId === null) return new Map();
  const ids = subtreeIds([...units.values()], rootId);
  ids.delete(rootId);
  return new Map([...units].filter(([id]) => ids.has(id)));
}

/** 下派: pass the order down the handling unit's own subtree; this unit stays accountable. */
export function DelegateForm({ order, onDone }: { order: Order; onDone: () => void }) {
  const units = useUnits();
  const tree = useMemo(
    () => unitTree(subtreeOf(units.data, order.handlingUnitId)),
    [units.data, order.handlingUnitId],
  );
  const [unitId, setUnitId] = useState<number | undefined>();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const step = useStep(
    () =>
      unwrap(
        api.POST('/api/orders/{id}/delegate', {
          params: { path: { id: order.id } },
          body: { unitId: unitId ?? 0, note: note.trim() || undefined, expectedVersion: order.version },
        }),
      ),
    (o) => `工单 ${o.number} 已下派至${unitName(units.data, o.handlingUnitId)}`,
    onDone,
  );
  const submit = () => {
    if (unitId === undefined) setMissing(true);
    else step.mutate(undefined);
  };
  if (units.data && tree.length === 0) {
    return (
      <Alert
        type="info"
        showIcon
        title="没有可下派的下级单位"
        description={`${unitName(units.data, order.handlingUnitId) ?? '本单位'}没有下级单位，请由本单位办理。`}
      />
    );
  }
  return (
    <div data-testid="delegate-form" onKeyDown={submitOnCtrlEnter(submit)}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        下派给{unitName(units.data, order.handlingUnitId)}
        的下级单位（社区、网格等）。下级单位须重新签收，本单位仍对办理结果负责。
      </Typography.Paragraph>
      <Typography.Text strong>下派单位</Typography.Text>
      <TreeSelect
        aria-label="下派单位"
        treeData={tree}
        value={unitId}
        onChange={(v: number) => {
          setUnitId(v);
          setMissing(false);
        }}
        showSearch
        treeNodeFilterProp="title"
        treeNodeLabelProp="name"
        treeDefaultExpandAll
        loading={units.isPending}
        status={missing ? 'error' : undefined}
        placeholder="选择或搜索下级单位"
        style={{ width: '100%', marginTop: 8 }}
        disabled={step.isPending}
        listHeight={320}
      />
      {missing && <Typography.Text type="danger">请选择下派单位</Typography.Text>}
      <Input.TextArea
        aria-label="下派说明"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder="可选：办理要求，如“请今日内上门核实并反馈”"
        style={{ marginTop: 12 }}
        disabled={step.isPending}
      />
      <Flex gap={12} style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          icon={<NodeIndexOutlined />}
          loading={step.isPending}
          onClick={submit}
        >
          下派
        </Button>
        <ShortcutHint action="下派" />
      </Flex>
      <StepError error={step.error} onReset={step.reset} />
    </div>
  );
}

interface ExtensionValues {
  reason: string;
  requestedDueAt: Dayjs;
}

/** 申请延期: before the handling deadline, with a reason and a later date; the centre decides. */
export function ExtensionForm({
  order,
  now,
  pending,
  onDone,
}: {
  order: Order;
  now: number;
  /** An earlier request still awaits the centre: only one may be pending. */
  pending: boolean;
  onDone: () => void;
}) {
  const [form] = Form.useForm<ExtensionValues>();
  const due = order.handleDueAt ? dayjs(order.handleDueAt) : null;
  const passed = !due || due.valueOf() <= now;
  const step = useStep(
    (v: ExtensionValues) =>
      unwrap(
        api.POST('/api/orders/{id}/extension', {
          params: { path: { id: order.id } },
          body: {
            reason: v.reason.trim(),
            requestedDueAt: v.requestedDueAt.toISOString(),
            expectedVersion: order.version,
          },
        }),
      ),
    (o) => `工单 ${o.number} 已申请延期，等待热线中心审批`,
    onDone,
  );
  const blocked = pending || passed;
  return (
    <div data-testid="extension-form">
      <Alert
        type={blocked ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          pending
            ? '已有延期申请等待热线中心审批'
            : passed
              ? `办理时限 ${when(order.handleDueAt)} 已过，不能再申请延期`
              : `当前办理时限 ${when(order.handleDueAt)}，剩 ${formatDuration((due?.valueOf() ?? now) - now)}`
        }
        description={
          pending
            ? '审批结果出来前不能再次申请；原办理时限仍然有效，请继续办理。'
            : passed
              ? '延期须在办理时限届满前申请。'
              : '延期须在时限届满前申请，申请的期限须晚于当前时限，由热线中心审批。'
        }
      />
      <Form<ExtensionValues>
        name="extension"
        form={form}
        layout="vertical"
        disabled={blocked || step.isPending}
        initialValues={{ requestedDueAt: due?.add(3, 'day').hour(18).minute(0).second(0) }}
        onFinish={(v) => step.mutate(v)}
        onKeyDown={submitOnCtrlEnter(() => form.submit())}
      >
        <Form.Item
          name="requestedDueAt"
          label="申请延至"
          rules={[
            { required: true, message: '请选择申请的办理期限' },
            {
              validator: (_r, v: Dayjs | undefined) =>
                !v || !due || v.isAfter(due)
                  ? Promise.resolve()
                  : Promise.reject(new Error('须晚于当前办理时限')),
            },
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => !!due && d.endOf('day').isBefore(due)}
            style={{ width: 240 }}
            placeholder="选择日期和时间"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="延期理由"
          rules={[
            { required: true, whitespace: true, message: '请填写延期理由' },
            { max: 2000, message: '延期理由不超过 2000 字' },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder="说明需要更多时间的原因和进展，如“需协调燃气公司停气检修，预计 3 个工作日”"
          />
        </Form.Item>
        <Flex gap={12}>
          <Button
            size="large"
            type="primary"
            icon={<CalendarOutlined />}
            htmlType="submit"
            loading={step.isPending}
          >
            提交延期申请
          </Button>
          <ShortcutHint action="提交" />
        </Flex>
      </Form>
      <StepError error={step.error} onReset={step.reset} />
    </div>
  );
}
