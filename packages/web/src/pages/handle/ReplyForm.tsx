import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Flex, Form, Input, Switch, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { AttachmentUpload } from './AttachmentUpload.tsx';
import { StepError } from './StepError.tsx';
import { ShortcutHint, submitOnCtrlEnter } from './StepForms.tsx';
import { useStep } from './use-step.ts';

interface ReplyValues {
  content: string;
  contactedCitizen: boolean;
  final: boolean;
  signedBy?: string;
}

/**
 * 答复: what was done, the handler's self-check (已联系诉求人), photos from the site and files; or a
 * 最终答复 signed by the unit's head with its evidence (the same matter is then not accepted again).
 */
export function ReplyForm({ order, onDone }: { order: Order; onDone: () => void }) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<ReplyValues>();
  const [photos, setPhotos] = useState<number[]>([]);
  const [files, setFiles] = useState<number[]>([]);
  const [evidence, setEvidence] = useState<number[]>([]);
  const [busy, setBusy] = useState({ photos: false, files: false, evidence: false });
  const [evidenceMissing, setEvidenceMissing] = useState(false);
  const final = Form.useWatch('final', form) ?? false;
  const uploading = busy.photos || busy.files || (final && busy.evidence);

  const step = useStep(
    (v: ReplyValues) =>
      unwrap(
        api.POST('/api/orders/{id}/reply', {
          params: { path: { id: order.id } },
          body: {
            content: v.content.trim(),
            contactedCitizen: v.contactedCitizen,
            attachmentIds: [...photos, ...files],
            finalReply: v.final
              ? { signedBy: (v.signedBy ?? '').trim(), evidenceAttachmentIds: evidence }
              : undefined,
            expectedVersion: order.version,
          },
        }),
      ),
    (o) => `工单 ${o.number} 已答复，进入${o.stateLabel}`,
    onDone,
  );

  const submit = (v: ReplyValues) => {
    if (v.final && evidence.length === 0) {
      setEvidenceMissing(true);
      return;
    }
    if (!v.contactedCitizen) {
      modal.confirm({
        title: '尚未联系诉求人',
        content: '审核和回访会核查是否联系过诉求人。确定不勾选“已联系诉求人”直接答复吗？',
        okText: '仍然答复',
        cancelText: '返回修改',
        onOk: () => step.mutate(v),
      });
      return;
    }
    step.mutate(v);
  };

  return (
    <div data-testid="reply-form">
      <Form<ReplyValues>
        name="reply"
        form={form}
        layout="vertical"
        initialValues={{ contactedCitizen: false, final: false }}
        disabled={step.isPending}
        onFinish={submit}
        onKeyDown={submitOnCtrlEnter(() => !uploading && form.submit())}
      >
        <Form.Item
          name="content"
          label="答复内容"
          rules={[
            { required: true, whitespace: true, message: '请填写答复内容' },
            { max: 5000, message: '答复内容不超过 5000 字' },
          ]}
          extra="写清办理过程、结果和依据，答复内容将告知诉求人。"
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 10 }}
            showCount
            maxLength={5000}
            placeholder="如：经现场核查，江月花园 3 栋电梯主板故障，已督促物业更换配件，于 3 月 4 日恢复运行，并电话告知诉求人。"
          />
        </Form.Item>
        <Form.Item name="contactedCitizen" valuePropName="checked" style={{ marginBottom: 12 }}>
          <Checkbox>已联系诉求人（自查：已电话或当面向诉求人说明办理情况）</Checkbox>
        </Form.Item>
        <Flex gap={16} wrap style={{ marginBottom: 12 }}>
          <div style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
              现场照片
            </Typography.Text>
            <AttachmentUpload
              kind="photo"
              label="上传照片"
              onChange={setPhotos}
              onBusyChange={(b) => setBusy((s) => ({ ...s, photos: b }))}
              disabled={step.isPending}
              testId="reply-photos"
            />
          </div>
          <div style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
              其他附件
            </Typography.Text>
            <AttachmentUpload
              kind="file"
              label="上传附件"
              onChange={setFiles}
              onBusyChange={(b) => setBusy((s) => ({ ...s, files: b }))}
              disabled={step.isPending}
              testId="reply-files"
            />
          </div>
        </Flex>
        <Form.Item
          name="final"
          valuePropName="checked"
          label="最终答复"
          tooltip="经单位负责人签批、附证明材料的答复；回访不满意也不再重办，同一诉求不再重复受理。"
          style={{ marginBottom: final ? 12 : 16 }}
        >
          <Switch checkedChildren="是" unCheckedChildren="否" aria-label="作为最终答复" />
        </Form.Item>
        {final && (
          <div
            data-testid="final-reply"
            style={{
              padding: 12,
              marginBottom: 16,
              border: '1px solid #ffe58f',
              background: '#fffbe6',
              borderRadius: 8,
            }}
          >
            <Form.Item
              name="signedBy"
              label="签批人（单位负责人）"
              rules={[
                { required: true, whitespace: true, message: '最终答复须填写签批人' },
                { max: 50, message: '签批人不超过 50 字' },
              ]}
            >
              <Input placeholder="如：滨江街道办事处主任 李明" style={{ maxWidth: 360 }} />
            </Form.Item>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
              签批件等证明材料（必填）
            </Typography.Text>
            <AttachmentUpload
              kind="file"
              label="上传签批件"
              onChange={(ids) => {
                setEvidence(ids);
                if (ids.length > 0) setEvidenceMissing(false);
              }}
              onBusyChange={(b) => setBusy((s) => ({ ...s, evidence: b }))}
              disabled={step.isPending}
              testId="final-evidence"
            />
            {evidenceMissing && (
              <Alert type="error" showIcon style={{ marginTop: 8 }} title="最终答复须附签批件等证明材料" />
            )}
          </div>
        )}
        <Flex gap={12}>
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            htmlType="submit"
            loading={step.isPending}
            disabled={uploading}
          >
            {uploading ? '附件上传中…' : final ? '提交最终答复' : '提交答复'}
          </Button>
          <ShortcutHint action="提交答复" />
        </Flex>
      </Form>
      <StepError error={step.error} onReset={step.reset} />
    </div>
  );
}
