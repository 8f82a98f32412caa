import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import type { paths } from '../../api/schema';
import { spacedNumber } from './portal-api.ts';

type Progress = paths['/api/portal/track']['post']['responses']['200']['content']['application/json'];
type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

export default function TrackRequest() {
  const [params] = useSearchParams();
  const [query, setQuery] = useState<{ number: string; phone: string } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);

  const track = useMutation({
    mutationFn: (q: { number: string; phone: string }) => unwrap(api.POST('/api/portal/track', { body: q })),
    onSuccess: (data, q) => {
      setProgress(data);
      setQuery(q);
      // On a phone the result sits below the form: bring it into view.
      requestAnimationFrame(() =>
        document.getElementById('portal-progress')?.scrollIntoView({ behavior: 'smooth' }),
      );
    },
  });
  const rate = useMutation({
    mutationFn: (r: { satisfaction: Satisfaction; resolved: boolean; comment?: string }) =>
      unwrap(
        api.POST('/api/portal/ratings', { body: { ...(query as { number: string; phone: string }), ...r } }),
      ),
    onSuccess: setProgress,
  });

  return (
    <>
      <div className="portal__card">
        <Typography.Title level={4}>查询进度</Typography.Title>
        <Form
          layout="vertical"
          size="large"
          initialValues={{ number: params.get('number') ?? '' }}
          onFinish={(v: { number: string; phone: string }) =>
            track.mutate({ number: v.number.replace(/\s/g, ''), phone: v.phone.trim() })
          }
        >
          <Form.Item
            name="number"
            label="工单编号"
            rules={[{ required: true, pattern: /^\d{6}\s?\d{6}$/, message: '工单编号为 12 位数字' }]}
          >
            <Input inputMode="numeric" placeholder="例如 261122 000123" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号"
            rules={[{ required: true, pattern: /^1\d{10}$/, message: '请填写提交诉求时的 11 位手机号' }]}
          >
            <Input inputMode="numeric" maxLength={11} placeholder="提交诉求时留的手机号" />
          </Form.Item>
          {track.error != null && (
            <Alert
              type="warning"
              showIcon
              className="portal__alert"
              message={
                isApiError(track.error, 'NOT_FOUND')
                  ? '未找到工单，请核对工单编号和手机号'
                  : describeError(track.error)
              }
            />
          )}
          <Button type="primary" htmlType="submit" block loading={track.isPending}>
            查询
          </Button>
        </Form>
      </div>

      {progress && (
        <Card
          className="portal__card"
          title={`工单 ${spacedNumber(progress.number)}`}
          extra={<Tag color="blue">{progress.status}</Tag>}
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label="诉求">{progress.title}</Descriptions.Item>
            <Descriptions.Item label="受理时间">{time(progress.createdAt)}</Descriptions.Item>
            {progress.unitName && <Descriptions.Item label="承办单位">{progress.unitName}</Descriptions.Item>}
            {progress.handleDueAt && progress.status === '办理中' && (
              <Descriptions.Item label="办理期限">{time(progress.handleDueAt)}</Descriptions.Item>
            )}
          </Descriptions>
          <Timeline
            className="portal__timeline"
            items={progress.steps.map((s) => ({
              children: (
                <>
                  <div>{s.text}</div>
                  <small>{time(s.at)}</small>
                </>
              ),
            }))}
          />
          {progress.answer && (
            <Alert
              type="success"
              message="答复内容"
              description={
                <>
                  <p className="portal__answer">{progress.answer.content}</p>
                  <small>{time(progress.answer.at)}</small>
                </>
              }
            />
          )}
          {progress.canRate && (
            <RateForm onRate={(r) => rate.mutate(r)} pending={rate.isPending} error={rate.error} />
          )}
        </Card>
      )}
    </>
  );
}

function RateForm(props: {
  onRate: (r: { satisfaction: Satisfaction; resolved: boolean; comment?: string }) => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Form
      layout="vertical"
      className="portal__rate"
      onFinish={(v: { satisfaction: Satisfaction; resolved: 'yes' | 'no'; comment?: string }) =>
        props.onRate({
          satisfaction: v.satisfaction,
          resolved: v.resolved === 'yes',
          comment: v.comment || undefined,
        })
      }
    >
      <Typography.Title level={5}>请评价办理结果</Typography.Title>
      <Form.Item name="satisfaction" label="您对办理结果" rules={[{ required: true, message: '请选择' }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio value="satisfied">满意</Radio>
          <Radio value="basically_satisfied">基本满意</Radio>
          <Radio value="dissatisfied">不满意</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="resolved" label="问题是否已解决" rules={[{ required: true, message: '请选择' }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio value="yes">已解决</Radio>
          <Radio value="no">未解决</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="comment" label="意见（选填）" extra="不满意或未解决时，我们将要求承办单位重新办理">
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      {props.error != null && (
        <Alert type="error" showIcon message={describeError(props.error)} className="portal__alert" />
      )}
      <Button type="primary" htmlType="submit" block loading={props.pending}>
        提交评价
      </Button>
    </Form>
  );
}
