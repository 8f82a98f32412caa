import { Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { LEVEL_LABELS, LEVELS } from './labels.ts';
import { type CaseDetail, type CaseStep, type Level, useCaseStep, useOwners } from './supervise-api.ts';

type Kind = CaseStep['kind'];
const TITLES: Record<Kind, string> = {
  escalate: '升级督办',
  notice: '发送督办通知',
  assign: '指定督办人',
  resolve: '办结督办',
  close: '关闭督办',
};

interface Values {
  level?: Level;
  reason?: string;
  message?: string;
  channels?: ('sms' | 'email')[];
  ownerId?: number;
  note?: string;
  result?: string;
}

/** The supervisor's steps on an open case, each a small form in a dialog. */
export function CaseActions({ detail }: { detail: CaseDetail }) {
  const [kind, setKind] = useState<Kind | null>(null);
  const [form] = Form.useForm<Values>();
  const step = useCaseStep(detail.id);
  const owners = useOwners(kind === 'assign');
  const higher = LEVELS.slice(LEVELS.indexOf(detail.level) + 1);

  const initialValues: Values =
    kind === 'escalate'
      ? { level: higher[0] }
      : kind === 'notice'
        ? {
            message: `请于 ${detail.dueAt.slice(0, 10)} 前办结「${detail.summary}」并反馈办理结果。`,
            channels: [],
          }
        : {};

  const submit = async () => {
    const v = await form.validateFields();
    const s: CaseStep | null =
      kind === 'escalate'
        ? { kind, body: { level: v.level, reason: v.reason ?? '' } }
        : kind === 'notice'
          ? { kind, body: { message: v.message ?? '', channels: v.channels ?? [] } }
          : kind === 'assign'
            ? { kind, body: { ownerId: v.ownerId ?? 0, ...(v.note ? { note: v.note } : {}) } }
            : kind
              ? { kind, body: { result: v.result ?? '' } }
              : null;
    if (!s) return;
    await step.mutateAsync(s);
    setKind(null);
  };

  return (
    <>
      <Space wrap>
        <Button type="primary" danger disabled={higher.length === 0} onClick={() => setKind('escalate')}>
          升级督办
        </Button>
        <Button type="primary" onClick={() => setKind('notice')} disabled={detail.unitId === null}>
          发送通知
        </Button>
        <Button onClick={() => setKind('assign')}>指定督办人</Button>
        <Button onClick={() => setKind('resolve')}>办结</Button>
        <Button onClick={() => setKind('close')}>关闭</Button>
      </Space>
      <Modal
        title={kind ? TITLES[kind] : ''}
        open={kind !== null}
        okText="确定"
        cancelText="取消"
        confirmLoading={step.isPending}
        onOk={() => void submit().catch(() => {})}
        onCancel={() => setKind(null)}
        destroyOnHidden
      >
        <Form
          key={kind ?? 'none'}
          form={form}
          layout="vertical"
          preserve={false}
          name="case-step"
          initialValues={initialValues}
        >
          {kind === 'escalate' && (
            <>
              <Form.Item name="level" label="升级到" rules={[{ required: true, message: '请选择督办级别' }]}>
                <Select options={higher.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))} />
              </Form.Item>
              <Form.Item
                name="reason"
                label="升级理由"
                rules={[{ required: true, whitespace: true, message: '请填写升级理由' }]}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={500}
                  showCount
                  placeholder="如：通知后仍未响应，涉及群众安全"
                />
              </Form.Item>
            </>
          )}
          {kind === 'notice' && (
            <>
              <Form.Item label="通知单位">{detail.unitName ?? '—'}</Form.Item>
              <Form.Item
                name="message"
                label="通知内容"
                rules={[{ required: true, whitespace: true, message: '请填写通知内容' }]}
              >
                <Input.TextArea rows={4} maxLength={500} showCount />
              </Form.Item>
              <Form.Item name="channels" label="同时发送" extra="站内通知总会发送，承办人员在工作台查看">
                <Checkbox.Group
                  options={[
                    { value: 'sms', label: '短信' },
                    { value: 'email', label: '邮件' },
                  ]}
                />
              </Form.Item>
            </>
          )}
          {kind === 'assign' && (
            <>
              <Form.Item name="ownerId" label="督办人" rules={[{ required: true, message: '请选择督办人' }]}>
                <Select
                  loading={owners.isPending}
                  placeholder="选择督办员"
                  options={(owners.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                />
              </Form.Item>
              <Form.Item name="note" label="备注">
                <Input maxLength={500} />
              </Form.Item>
            </>
          )}
          {(kind === 'resolve' || kind === 'close') && (
            <Form.Item
              name="result"
              label={kind === 'resolve' ? '办结结果' : '关闭理由'}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: kind === 'resolve' ? '请填写办结结果' : '请填写关闭理由',
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
