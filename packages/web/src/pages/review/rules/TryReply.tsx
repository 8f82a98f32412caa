import { ExperimentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../../api/client.ts';
import { describeError } from '../../../api/error-handling.ts';
import type { RequestType } from '../../../api/types.ts';
import { REQUEST_TYPE_LABELS } from '../../orders/labels.ts';
import {
  type CheckInput,
  type CheckResult,
  RULES_KEY,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
} from './review-rules-api.ts';

interface TryValues {
  requestTitle?: string;
  requestContent?: string;
  requestType?: RequestType;
  reply: string;
  finalReply?: boolean;
  contactedCitizen?: boolean;
}

const toInput = (v: TryValues): CheckInput => ({
  requestTitle: v.requestTitle?.trim() || undefined,
  requestContent: v.requestContent?.trim() || undefined,
  requestType: v.requestType,
  reply: v.reply.trim(),
  finalReply: v.finalReply ?? false,
  contactedCitizen: v.contactedCitizen ?? false,
});

/**
 * 试一试: a request and a reply checked by the server against the saved, enabled rules
 * (`POST /api/review-rules/check`, the same evaluation as the review workbench). Its query sits under
 * the rules' key, so saving or switching a rule re-checks the same text.
 */
export function TryReply(props: { onResult: (r: CheckResult | undefined) => void }) {
  const [form] = Form.useForm<TryValues>();
  const [input, setInput] = useState<CheckInput | null>(null);
  const check = useQuery({
    queryKey: [...RULES_KEY, 'try', input],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/review-rules/check', { body: input as CheckInput, signal })),
    enabled: input !== null,
    retry: false,
    meta: { quietErrors: ['VALIDATION_FAILED', 'RULE_VIOLATION'] },
  });
  const { onResult } = props;
  useEffect(() => onResult(check.data), [check.data, onResult]);

  const submit = (v: TryValues) => {
    const next = toInput(v);
    if (JSON.stringify(next) === JSON.stringify(input)) void check.refetch();
    else setInput(next);
  };

  return (
    <Card
      size="small"
      data-testid="try-reply"
      title={
        <Space>
          <ExperimentOutlined />
          试一试
        </Space>
      }
      extra={<Typography.Text type="secondary">按已保存并启用的规则检查</Typography.Text>}
    >
      <Form<TryValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} size="small">
        <Form.Item name="requestTitle" label="诉求标题" style={{ marginBottom: 8 }}>
          <Input maxLength={200} placeholder="如：小区门口路灯不亮" />
        </Form.Item>
        <Form.Item
          name="requestContent"
          label="诉求内容"
          style={{ marginBottom: 8 }}
          dependencies={['requestTitle']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v?: string) =>
                v?.trim() || getFieldValue('requestTitle')?.trim()
                  ? Promise.resolve()
                  : Promise.reject(new Error('请填写诉求标题或内容')),
            }),
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="requestType" label="诉求类型" style={{ marginBottom: 8 }}>
          <Select
            allowClear
            placeholder="不指定（按任一类型检查）"
            options={(Object.keys(REQUEST_TYPE_LABELS) as RequestType[]).map((t) => ({
              value: t,
              label: REQUEST_TYPE_LABELS[t],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reply"
          label="答复内容"
          style={{ marginBottom: 8 }}
          rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={0}>
            <Form.Item name="finalReply" valuePropName="checked" noStyle>
              <Checkbox>最终答复</Checkbox>
            </Form.Item>
            <Form.Item name="contactedCitizen" valuePropName="checked" noStyle>
              <Checkbox>已联系市民</Checkbox>
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={check.isFetching}>
            检查答复
          </Button>
        </Flex>
      </Form>
      <div data-testid="try-result" style={{ marginTop: 12 }}>
        <TryResult check={check} asked={input !== null} />
      </div>
    </Card>
  );
}

function TryResult(props: {
  check: { data?: CheckResult | undefined; error: unknown; isError: boolean };
  asked: boolean;
}) {
  const { data, isError, error } = props.check;
  if (!props.asked) return null;
  if (isError) return <Alert type="error" showIcon title={`检查失败：${describeError(error)}`} />;
  if (!data) return null;
  const relevance = (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      诉求与答复相关度 {data.relevance.toFixed(2)}
    </Typography.Text>
  );
  if (data.flags.length === 0)
    return (
      <Alert
        type="success"
        showIcon
        title={
          <Flex justify="space-between" wrap gap={8}>
            <span>没有规则触发</span>
            {relevance}
          </Flex>
        }
      />
    );
  return (
    <Flex vertical gap={6}>
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text strong>触发 {data.flags.length} 条规则</Typography.Text>
        {relevance}
      </Flex>
      {data.flags.map((f) => (
        <div key={`${f.ruleCode}-${f.message}`} data-rule={f.ruleCode} className="try-flag">
          <Tag color={SEVERITY_COLORS[f.severity]}>{SEVERITY_LABELS[f.severity]}</Tag>
          <Typography.Text strong>{f.ruleName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            {f.ruleCode}
          </Typography.Text>
          <div style={{ fontSize: 13 }}>{f.message}</div>
          {f.evidence && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              依据：{f.evidence}
            </Typography.Text>
          )}
        </div>
      ))}
    </Flex>
  );
}
