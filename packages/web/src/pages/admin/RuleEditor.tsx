import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Category, RequestType, Urgency } from '../../api/types.ts';
import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../orders/labels.ts';
import { useCategories } from '../orders/reference.ts';
import { FORM_ERRORS, type LimitValue, type Rule, type RuleInput, showErrorOnForm } from './admin-api.ts';
import { RulePreview } from './RulePreview.tsx';
import { LIMIT_UNIT_LABELS, LIMIT_UNITS, STAGES } from './rule-labels.ts';
import { buildTree, type TreeNode } from './tree.ts';

export interface RuleValues {
  name: string;
  requestType?: RequestType | null;
  urgency?: Urgency | null;
  categoryId?: number | null;
  taskForce?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  dispatchLimit: LimitValue;
  signLimit: LimitValue;
  returnLimit: LimitValue;
  handleLimit: LimitValue;
  /** Percent in the form (80), a share on the wire (0.8). */
  yellowPercent: number;
  active: boolean;
}

const NEW_RULE: Partial<RuleValues> = {
  dispatchLimit: { amount: 2, unit: 'working_hours' },
  signLimit: { amount: 2, unit: 'working_hours' },
  returnLimit: { amount: 1, unit: 'working_days' },
  handleLimit: { amount: 5, unit: 'working_days' },
  yellowPercent: 80,
  active: true,
};

const toValues = (r: Rule): RuleValues => ({
  name: r.name,
  requestType: r.requestType,
  urgency: r.urgency,
  categoryId: r.categoryId,
  taskForce: r.taskForce ?? '',
  validFrom: r.validFrom ? dayjs(r.validFrom) : null,
  validTo: r.validTo ? dayjs(r.validTo) : null,
  dispatchLimit: r.dispatchLimit,
  signLimit: r.signLimit,
  returnLimit: r.returnLimit,
  handleLimit: r.handleLimit,
  yellowPercent: Math.round(r.yellowShare * 100),
  active: r.active,
});

const toInput = (v: RuleValues): RuleInput => ({
  name: v.name.trim(),
  requestType: v.requestType ?? null,
  urgency: v.urgency ?? null,
  categoryId: v.categoryId ?? null,
  taskForce: v.taskForce?.trim() || null,
  validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
  validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
  dispatchLimit: v.dispatchLimit,
  signLimit: v.signLimit,
  returnLimit: v.returnLimit,
  handleLimit: v.handleLimit,
  yellowShare: v.yellowPercent / 100,
  active: v.active,
});

const categoryNodes = (nodes: TreeNode<Category>[]): object[] =>
  nodes.map((n) => ({
    value: n.item.id,
    title: n.item.name,
    ...(n.children ? { children: categoryNodes(n.children) } : {}),
  }));

/** One limit: an amount and its unit (当日办结 needs no amount). */
function LimitInput(props: {
  value?: LimitValue;
  onChange?: (v: LimitValue) => void;
  id?: string;
  label: string;
}) {
  const value = props.value ?? { amount: 1, unit: 'working_days' };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber
        id={props.id}
        aria-label={`${props.label}时限数值`}
        min={value.unit === 'same_day' ? 0 : 1}
        max={10_000}
        precision={0}
        disabled={value.unit === 'same_day'}
        value={value.amount}
        onChange={(amount) => props.onChange?.({ ...value, amount: amount ?? 0 })}
        style={{ width: '45%' }}
      />
      <Select
        aria-label={`${props.label}时限单位`}
        value={value.unit}
        onChange={(unit) =>
          props.onChange?.({ unit, amount: unit === 'same_day' ? 1 : Math.max(value.amount, 1) })
        }
        options={LIMIT_UNITS.map((u) => ({ value: u, label: LIMIT_UNIT_LABELS[u] }))}
        style={{ width: '55%' }}
      />
    </Space.Compact>
  );
}

const positiveLimit = {
  validator: (_: unknown, v?: LimitValue) =>
    !v || v.unit === 'same_day' || v.amount > 0
      ? Promise.resolve()
      : Promise.reject(new Error('时限必须大于 0')),
};

/** Edits one rule beside a live preview of the deadlines it gives (debounced, from the server). */
export function RuleEditor(props: { rule?: Rule | undefined; onClose: () => void }) {
  const { rule } = props;
  const [form] = Form.useForm<RuleValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const treeData = useMemo(
    () =>
      categoryNodes(
        buildTree(
          [...(categories.data?.values() ?? [])].filter((c) => c.active),
          '',
        ).roots,
      ),
    [categories.data],
  );
  const initial = useMemo(() => (rule ? toValues(rule) : NEW_RULE), [rule]);
  const watched = Form.useWatch([], form) as Partial<RuleValues> | undefined;

  const save = useMutation({
    mutationFn: (v: RuleValues) =>
      rule
        ? unwrap(api.PUT('/api/sla/rules/{id}', { params: { path: { id: rule.id } }, body: toInput(v) }))
        : unwrap(api.POST('/api/sla/rules', { body: toInput(v) })),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'rules'] });
      message.success(`已保存时限规则「${saved.name}」`);
      props.onClose();
    },
    onError: (error) => {
      const fields = [
        'name',
        'requestType',
        'urgency',
        'categoryId',
        'taskForce',
        'validFrom',
        'validTo',
        'active',
      ];
      showErrorOnForm(form, error, [...fields, ...STAGES.map((s) => s.key), 'yellowPercent']);
    },
  });

  return (
    <Drawer
      open
      size={1180}
      title={rule ? `编辑时限规则「${rule.name}」` : '新增时限规则'}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            保存规则
          </Button>
        </Space>
      }
    >
      <Row gutter={24}>
        <Col span={12}>
          <Form<RuleValues>
            form={form}
            name="rule-editor"
            layout="vertical"
            initialValues={initial}
            onFinish={(v) => save.mutate(v)}
            onFinishFailed={() => message.warning('请先改正表单中标红的项目')}
          >
            <Form.Item
              name="name"
              label="规则名称"
              rules={[
                { required: true, whitespace: true, message: '请填写规则名称' },
                { max: 100, message: '名称最多 100 个字' },
              ]}
            >
              <Input autoComplete="off" placeholder="如：冬季供暖专班" />
            </Form.Item>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              适用范围（留空表示不限）
            </Typography.Text>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="requestType" label="诉求类型">
                  <Select
                    allowClear
                    placeholder="不限"
                    options={Object.entries(REQUEST_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="urgency" label="紧急程度">
                  <Select
                    allowClear
                    placeholder="不限"
                    options={Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="categoryId" label="事项分类（含下级）">
                  <TreeSelect
                    allowClear
                    showSearch
                    treeNodeFilterProp="title"
                    placeholder="不限"
                    treeData={treeData}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="taskForce" label="专班" rules={[{ max: 100, message: '最多 100 个字' }]}>
                  <Input autoComplete="off" placeholder="不限" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="validFrom"
                  label="生效日期"
                  dependencies={['taskForce']}
                  rules={[
                    ({ getFieldValue }) => ({
                      required: Boolean(getFieldValue('taskForce')?.trim()),
                      message: '专班时限必须设定起止日期',
                    }),
                  ]}
                >
                  <DatePicker style={{ width: '100%' }} placeholder="不限" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="validTo"
                  label="截止日期"
                  dependencies={['taskForce', 'validFrom']}
                  rules={[
                    ({ getFieldValue }) => ({
                      required: Boolean(getFieldValue('taskForce')?.trim()),
                      message: '专班时限必须设定起止日期',
                    }),
                    ({ getFieldValue }) => ({
                      validator: (_, v?: Dayjs | null) => {
                        const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                        return v && from && v.isBefore(from, 'day')
                          ? Promise.reject(new Error('截止日期不能早于生效日期'))
                          : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <DatePicker style={{ width: '100%' }} placeholder="不限" />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              时限（派单从受理起算；签收、退单、办结从派单起算）
            </Typography.Text>
            <Row gutter={12}>
              {STAGES.map((s) => (
                <Col span={12} key={s.key}>
                  <Form.Item name={s.key} label={`${s.label}时限`} rules={[positiveLimit]}>
                    <LimitInput label={s.label} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item
                  name="yellowPercent"
                  label="黄牌预警"
                  extra="办结时限用去这一比例时亮黄牌"
                  rules={[{ required: true, message: '请填写黄牌比例' }]}
                >
                  <InputNumber min={1} max={99} precision={0} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="active" label="启用" valuePropName="checked">
                  <Switch checkedChildren="启用" unCheckedChildren="停用" />
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Col>
        <Col span={12}>
          <RulePreview draft={watched} saved={rule} />
        </Col>
      </Row>
    </Drawer>
  );
}
