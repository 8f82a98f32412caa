import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/request-error.ts';
import type { paths } from '../../api/schema';
import { LoadFailed } from './AdminStates.tsx';
import { FORM_ERRORS, showErrorOnForm } from './admin-api.ts';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type AssessmentSettings = Json<paths['/api/analytics/settings']['get']['responses'][200]>;

/** The form shows the card lines in percent (98); the wire carries shares (0.98). */
interface SettingsValues {
  weights: AssessmentSettings['weights'];
  yellow: { response: number; satisfaction: number };
  red: { response: number; satisfaction: number };
  minDispatched: number;
}

const SETTINGS_KEY = ['analytics', 'settings'];
// Two decimals of a percent: what a share with four decimals can carry without float noise.
const toPercent = (share: number) => Math.round(share * 10_000) / 100;
const toShare = (percent: number) => Math.round(percent * 100) / 10_000;

const toValues = (s: AssessmentSettings): SettingsValues => ({
  weights: s.weights,
  yellow: { response: toPercent(s.yellow.response), satisfaction: toPercent(s.yellow.satisfaction) },
  red: { response: toPercent(s.red.response), satisfaction: toPercent(s.red.satisfaction) },
  minDispatched: s.minDispatched,
});

const toSettings = (v: SettingsValues): AssessmentSettings => ({
  weights: v.weights,
  yellow: { response: toShare(v.yellow.response), satisfaction: toShare(v.yellow.satisfaction) },
  red: { response: toShare(v.red.response), satisfaction: toShare(v.red.satisfaction) },
  minDispatched: v.minDispatched,
});

const WEIGHTS = [
  { key: 'response', label: '响应率' },
  { key: 'resolution', label: '解决率' },
  { key: 'satisfaction', label: '满意率' },
] as const;
const LINES = [
  { key: 'response', label: '响应率' },
  { key: 'satisfaction', label: '满意率' },
] as const;

/** The server's checks (PUT /api/analytics/settings), before the request. */
const weightSum = ({ getFieldValue }: { getFieldValue: (n: (string | number)[]) => unknown }) => ({
  validator: () => {
    const sum = WEIGHTS.reduce((s, w) => s + (Number(getFieldValue(['weights', w.key])) || 0), 0);
    return sum > 0 ? Promise.resolve() : Promise.reject(new Error('权重之和必须大于 0'));
  },
});
const redNotAboveYellow =
  (key: 'response' | 'satisfaction') =>
  ({ getFieldValue }: { getFieldValue: (n: (string | number)[]) => unknown }) => ({
    validator: (_: unknown, red?: number | null) => {
      const yellow = getFieldValue(['yellow', key]);
      return red == null || typeof yellow !== 'number' || red <= yellow
        ? Promise.resolve()
        : Promise.reject(new Error('红牌线不能高于黄牌线'));
    },
  });

/**
 * 考核设置: the weights of the monthly score and the red and yellow card lines (docs/measures.md
 * 「月度考核」). Read with analytics.read, saved with rules.manage — the admins who set time limits.
 */
export default function AssessmentTab() {
  const [form] = Form.useForm<SettingsValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/analytics/settings', { signal })),
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
  const weights = Form.useWatch('weights', form) as SettingsValues['weights'] | undefined;
  const minDispatched = Form.useWatch('minDispatched', form) as number | undefined;

  const save = useMutation({
    mutationFn: (v: SettingsValues) => unwrap(api.PUT('/api/analytics/settings', { body: toSettings(v) })),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      // The assessment table scores with these settings: it must be recomputed.
      void queryClient.invalidateQueries({ queryKey: ['analytics'] });
      message.success('已保存考核设置');
    },
    onError: (error) => {
      // 'body.weights' names the group: the sum's error sits on the first weight, as the form's own.
      if (isApiError(error) && error.details.field === 'body.weights') {
        form.setFields([{ name: ['weights', 'response'], errors: [error.message] }]);
        return;
      }
      showErrorOnForm(form, error, ['weights', 'yellow', 'red', 'minDispatched']);
    },
  });

  if (settings.isError)
    return <LoadFailed what="考核设置" error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton active paragraph={{ rows: 8 }} />;

  const sum = WEIGHTS.reduce((s, w) => s + (Number(weights?.[w.key]) || 0), 0);
  const share = (w: number | undefined) =>
    sum > 0 ? `${Math.round(((Number(w) || 0) / sum) * 1000) / 10}%` : '—';

  return (
    <Row gutter={24}>
      <Col xs={24} xl={14}>
        <Form<SettingsValues>
          form={form}
          layout="vertical"
          initialValues={toValues(settings.data)}
          onFinish={(v) => save.mutate(v)}
          requiredMark={false}
          data-testid="assessment-form"
        >
          <Card size="small" title="得分权重" style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              {WEIGHTS.map((w) => (
                <Col span={8} key={w.key}>
                  <Form.Item
                    name={['weights', w.key]}
                    label={`${w.label}权重`}
                    extra={`占 ${share(weights?.[w.key])}`}
                    style={{ marginBottom: 0 }}
                    dependencies={
                      w.key === 'response'
                        ? [
                            ['weights', 'resolution'],
                            ['weights', 'satisfaction'],
                          ]
                        : []
                    }
                    rules={[
                      { required: true, message: '请填写权重' },
                      ...(w.key === 'response' ? [weightSum] : []),
                    ]}
                  >
                    <InputNumber min={0} max={100} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
          <Card size="small" title="红黄牌" style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              {LINES.map((l) => (
                <Col span={12} key={l.key}>
                  <Form.Item
                    name={['yellow', l.key]}
                    label={`黄牌线：${l.label}低于`}
                    rules={[{ required: true, message: '请填写黄牌线' }]}
                  >
                    <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item
                    name={['red', l.key]}
                    label={`红牌线：${l.label}低于`}
                    dependencies={[['yellow', l.key]]}
                    rules={[{ required: true, message: '请填写红牌线' }, redNotAboveYellow(l.key)]}
                  >
                    <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Form.Item
              name="minDispatched"
              label="最少派单量"
              extra="当月派单少于此数的单位照常计分排名，但不评红黄牌（样本太少，不足以评判）。"
              rules={[{ required: true, message: '请填写最少派单量' }]}
              style={{ marginBottom: 0 }}
            >
              <InputNumber min={0} max={100_000} precision={0} suffix="件" style={{ width: 200 }} />
            </Form.Item>
          </Card>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存设置
            </Button>
            <Button onClick={() => form.setFieldsValue(toValues(settings.data))} disabled={save.isPending}>
              还原
            </Button>
          </Space>
        </Form>
      </Col>
      <Col xs={24} xl={10}>
        <Alert
          type="info"
          showIcon
          data-testid="assessment-explainer"
          title="月度考核怎样计算"
          description={
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              各单位按区县、街道（乡镇）、市直部门及公用企业三个层级，以本单位及全部下级单位的工单计算。
              <br />
              <b>得分</b>（0–100）= Σ 权重 × 比率 ÷ Σ 权重，比率取响应率、解决率、满意率，当前权重为响应率{' '}
              {weights?.response ?? '—'}、解决率 {weights?.resolution ?? '—'}、满意率{' '}
              {weights?.satisfaction ?? '—'}（不必合计
              100）。某项比率没有数据（如尚无回访）时不计入，其余按权重重新折算；三项都没有数据的单位不计分、不排名。
              <br />
              <b>排名</b>：同一层级内按得分从高到低，得分相同名次相同（如 1、2、2、4）。
              <br />
              <b>红黄牌</b>：响应率或满意率低于红牌线得红牌，低于黄牌线得黄牌；当月派单少于{' '}
              {minDispatched ?? '—'} 件的单位不评红黄牌。
            </Typography.Paragraph>
          }
        />
      </Col>
    </Row>
  );
}
