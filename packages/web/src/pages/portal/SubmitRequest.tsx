import { CameraOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Result, Typography, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { spacedNumber, uploadPhoto } from './portal-api.ts';
import { SelfService } from './SelfService.tsx';

const TYPES = [
  { label: '咨询', value: 'consultation' },
  { label: '求助', value: 'help' },
  { label: '投诉', value: 'complaint' },
  { label: '举报', value: 'report' },
  { label: '建议', value: 'suggestion' },
  { label: '表扬', value: 'praise' },
] as const;
type RequestType = (typeof TYPES)[number]['value'];

interface FormValues {
  requestType: RequestType;
  title: string;
  content: string;
  citizenName?: string;
  citizenPhone: string;
  address?: string;
}

export default function SubmitRequest() {
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [location, setLocation] = useState<{ latitude: number; longitude: number } | null>(null);
  const [locating, setLocating] = useState(false);
  // One key per filled-in form: pressing 提交 twice, or a retry after a dropped connection, never
  // creates two orders.
  const idempotencyKey = useRef(crypto.randomUUID());

  const submit = useMutation({
    mutationFn: (values: FormValues) =>
      unwrap(
        api.POST('/api/portal/requests', {
          headers: { 'idempotency-key': idempotencyKey.current },
          body: {
            ...values,
            urgency: 'general',
            ...(location ?? {}),
            photoTokens: photos.flatMap((p) =>
              p.status === 'done' && p.response?.token ? [p.response.token] : [],
            ),
          },
        }),
      ),
  });

  const locate = () => {
    if (!navigator.geolocation) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocation({ latitude: pos.coords.latitude, longitude: pos.coords.longitude });
        setLocating(false);
      },
      () => setLocating(false),
      { timeout: 10_000 },
    );
  };

  if (submit.data) {
    return (
      <Result
        status="success"
        title="您的诉求已受理"
        subTitle={
          <>
            请记下工单编号，凭编号和手机号可随时查询进度：
            <Typography.Text className="portal__number" copyable={{ text: submit.data.number }}>
              {spacedNumber(submit.data.number)}
            </Typography.Text>
          </>
        }
        extra={[
          <Link key="track" to={`/portal/track?number=${submit.data.number}`}>
            <Button type="primary" size="large" block>
              查询进度
            </Button>
          </Link>,
        ]}
      />
    );
  }

  return (
    <div className="portal__card">
      <Typography.Title level={4}>我要反映</Typography.Title>
      <SelfService form={form} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ requestType: 'complaint' }}
        onFinish={(values) => submit.mutate(values)}
        requiredMark="optional"
      >
        <Form.Item name="requestType" label="诉求类型" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[...TYPES]}
            className="portal__types"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, message: '请简要概括您的诉求' }, { max: 200 }]}
        >
          <Input placeholder="例如：小区门口路灯不亮" />
        </Form.Item>
        <Form.Item
          name="content"
          label="具体内容"
          rules={[{ required: true, message: '请描述具体情况' }, { max: 5000 }]}
        >
          <Input.TextArea rows={5} showCount maxLength={5000} placeholder="时间、地点、经过和您的诉求" />
        </Form.Item>
        <Form.Item name="address" label="发生地点" rules={[{ max: 300 }]}>
          <Input
            placeholder="街道、小区、门牌号"
            suffix={
              <Button
                type="link"
                size="small"
                icon={<EnvironmentOutlined />}
                loading={locating}
                onClick={locate}
              >
                {location ? '已定位' : '定位'}
              </Button>
            }
          />
        </Form.Item>
        <Form.Item label="照片（最多 9 张）">
          <Upload
            listType="picture-card"
            accept="image/jpeg,image/png,image/webp"
            fileList={photos}
            maxCount={9}
            onChange={({ fileList }) => setPhotos(fileList)}
            customRequest={({ file, onSuccess, onError }) => {
              uploadPhoto(file as File).then(
                (uploaded) => onSuccess?.(uploaded),
                (err: Error) => onError?.(err),
              );
            }}
          >
            {photos.length < 9 && (
              <div>
                <CameraOutlined />
                <div>添加照片</div>
              </div>
            )}
          </Upload>
        </Form.Item>
        <Form.Item name="citizenName" label="您的称呼" rules={[{ max: 50 }]}>
          <Input placeholder="例如：王女士" />
        </Form.Item>
        <Form.Item
          name="citizenPhone"
          label="手机号"
          extra="仅用于工作人员联系和回访，不会公开"
          rules={[{ required: true, pattern: /^1\d{10}$/, message: '请填写 11 位手机号' }]}
        >
          <Input inputMode="numeric" maxLength={11} placeholder="11 位手机号" />
        </Form.Item>
        {submit.error != null && (
          <Alert type="error" showIcon message={describeError(submit.error)} className="portal__alert" />
        )}
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          提交
        </Button>
      </Form>
    </div>
  );
}
