import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { api, unwrap } from '../../../api/client.ts';
import { isApiError } from '../../../api/request-error.ts';
import type { RequestType } from '../../../api/types.ts';
import { FORM_ERRORS, showErrorOnForm } from '../../admin/admin-api.ts';
import { REQUEST_TYPE_LABELS } from '../../orders/labels.ts';
import {
  type ReviewRule,
  RULE_KIND_LABELS,
  RULE_KINDS,
  RULES_KEY,
  type RuleKind,
  SEVERITIES,
  SEVERITY_LABELS,
} from './review-rules-api.ts';
import { NEW_PARAMS, type RuleFormValues, toFormValues, toParams, type When } from './rule-params.ts';

const KIND_HINTS: Record<RuleKind, string> = {
  required_element: '答复必须写到的内容（如联系市民、办理措施、依据）：一个模式也匹配不上时触发。',
  forbidden_phrase: '空话套话只有在答复除此之外几乎没有实质内容时才算问题：出现空话且其余字数不足时触发。',
  min_substance: '去掉问候、致谢、“现答复如下”、日期落款等套语后，实质内容字数不足时触发。',
  relevance: '诉求与答复共有的实词太少（可能答非所问）时触发；相关度在 0–1 之间。',
};

const WHEN_OPTIONS = (yes: string, no: string) => [
  { value: 'any', label: '不限' },
  { value: 'yes', label: yes },
  { value: 'no', label: no },
];

/** The server's code pattern (review-rules/routes.ts), checked before the request. */
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** A regular expression per line: patterns are too long and too exact for tags. */
const patternLines = {
  getValueProps: (v?: string[]) => ({ value: (v ?? []).join('\n') }),
  normalize: (text: string) => text.split('\n'),
};

const validPatterns = {
  validator: (_: unknown, v?: string[]) => {
    const patterns = (v ?? []).map((s) => s.trim()).filter(Boolean);
    if (patterns.length === 0 || patterns.length > 100)
      return Promise.reject(new Error('请填写 1–100 个匹配模式，每行一个'));
    for (const p of patterns) {
      try {
        new RegExp(p);
      } catch {
        return Promise.reject(new Error(`不是有效的正则表达式：${p}`));
      }
    }
    return Promise.resolve();
  },
};

/** Creates a rule, or edits one (its code and kind stay: the params belong to the kind). */
export function ReviewRuleEditor(props: { rule?: ReviewRule | undefined; onClose: () => void }) {
  const { rule } = props;
  const [form] = Form.useForm<RuleFormValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const kind = (Form.useWatch('kind', form) as RuleKind | undefined) ?? rule?.kind ?? 'forbidden_phrase';

  const initial: Partial<RuleFormValues> = rule
    ? toFormValues(rule)
    : {
        kind: 'forbidden_phrase',
        severity: 'warning',
        enabled: true,
        params: NEW_PARAMS.forbidden_phrase,
        requestTypes: [],
        refused: 'any',
        finalReply: 'any',
      };

  const save = useMutation({
    mutationFn: (v: RuleFormValues) => {
      const params = toParams(v, rule?.params);
      return rule
        ? unwrap(
            api.PUT('/api/review-rules/{code}', {
              params: { path: { code: rule.code } },
              body: {
                name: v.name.trim(),
                severity: v.severity,
                enabled: v.enabled,
                params,
                version: rule.version,
              },
            }),
          )
        : unwrap(
            api.POST('/api/review-rules', {
              body: {
                code: v.code.trim(),
                name: v.name.trim(),
                kind: v.kind,
                severity: v.severity,
                enabled: v.enabled,
                params,
              },
            }),
          );
    },
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: RULES_KEY });
      message.success(`已保存审核规则「${saved.name}」`);
      props.onClose();
    },
    onError: (error) => {
      // Someone else saved the rule meanwhile (409): the list shows their version again.
      if (isApiError(error, 'VERSION_CONFLICT')) void queryClient.invalidateQueries({ queryKey: RULES_KEY });
      showErrorOnForm(form, error, ['code', 'name', 'kind', 'severity', 'enabled', 'params']);
    },
  });

  return (
    <Modal
      open
      width={720}
      title={rule ? `编辑审核规则「${rule.name}」` : '新增审核规则'}
      okText="保存规则"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<RuleFormValues>) => {
          // A new kind brings its own params; the prompt already typed stays.
          if (changed.kind)
            form.setFieldValue('params', {
              ...NEW_PARAMS[changed.kind],
              message: form.getFieldValue(['params', 'message']) ?? '',
            });
        }}
        requiredMark={false}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="code"
              label="规则编码"
              tooltip="2–40 位大写字母、数字或下划线，以字母开头；保存后不能修改"
              rules={[
                { required: true, message: '请填写规则编码' },
                { pattern: CODE, message: '规则编码须为 2–40 位大写字母、数字或下划线，以字母开头' },
              ]}
              normalize={(v: string) => v.toUpperCase()}
            >
              <Input disabled={!!rule} placeholder="如 R08_EMPTY_PROMISE" maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="name"
              label="规则名称"
              rules={[
                { required: true, whitespace: true, message: '请填写规则名称' },
                { max: 60, message: '规则名称最多 60 字' },
              ]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="kind" label="规则类型" extra={KIND_HINTS[kind]}>
              <Select
                disabled={!!rule}
                options={RULE_KINDS.map((k) => ({ value: k, label: RULE_KIND_LABELS[k] }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="severity" label="级别">
              <Radio.Group
                optionType="button"
                options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        {kind === 'required_element' && (
          <>
            <Form.Item
              name={['params', 'patterns']}
              label="匹配模式（正则表达式，每行一个，匹配任一即满足）"
              {...patternLines}
              rules={[validPatterns]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name={['params', 'acceptContactFlag']} valuePropName="checked">
              <Checkbox>承办人勾选“已联系市民”即视为满足</Checkbox>
            </Form.Item>
          </>
        )}
        {kind === 'forbidden_phrase' && (
          <Row gutter={16}>
            <Col span={16}>
              <Form.Item
                name={['params', 'phrases']}
                label="空话套话"
                extra="输入后按回车添加；也可用顿号或逗号分隔"
                rules={[
                  { required: true, type: 'array', min: 1, message: '请至少添加一个空话' },
                  { type: 'array', max: 200, message: '最多 200 个空话' },
                ]}
              >
                <Select
                  mode="tags"
                  aria-label="空话套话"
                  suffixIcon={null}
                  tokenSeparators={['、', '，', ',']}
                  placeholder="如 已转交、按规定办理"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name={['params', 'maxOtherChars']}
                label="其余实质内容少于（字）"
                rules={[{ required: true, message: '请填写字数' }]}
              >
                <InputNumber min={0} max={2000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'min_substance' && (
          <Form.Item
            name={['params', 'minChars']}
            label="实质内容至少（字）"
            rules={[{ required: true, message: '请填写字数' }]}
          >
            <InputNumber min={1} max={5000} precision={0} style={{ width: 200 }} />
          </Form.Item>
        )}
        {kind === 'relevance' && (
          <Form.Item
            name={['params', 'minScore']}
            label="相关度不低于（0–1）"
            rules={[{ required: true, message: '请填写相关度' }]}
          >
            <InputNumber min={0} max={1} step={0.01} precision={3} style={{ width: 200 }} />
          </Form.Item>
        )}

        <Form.Item
          name={['params', 'message']}
          label="提示语（规则触发时审核员看到的话）"
          rules={[
            { required: true, whitespace: true, message: '请填写提示语' },
            { max: 200, message: '提示语最多 200 字' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} />
        </Form.Item>

        <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
          <Typography.Text type="secondary">适用条件（都满足时才检查）</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="requestTypes" label="诉求类型">
              <Select<RequestType[]>
                mode="multiple"
                allowClear
                placeholder="不限"
                options={(Object.keys(REQUEST_TYPE_LABELS) as RequestType[]).map((t) => ({
                  value: t,
                  label: REQUEST_TYPE_LABELS[t],
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="refused" label="不予支持的答复">
              <Select<When> options={WHEN_OPTIONS('仅不予支持', '仅支持或办理')} />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="finalReply" label="最终答复">
              <Select<When> options={WHEN_OPTIONS('仅最终答复', '仅非最终答复')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
