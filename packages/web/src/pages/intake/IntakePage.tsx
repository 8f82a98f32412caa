import { FormOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Cascader,
  Col,
  Flex,
  Form,
  type FormProps,
  Input,
  type InputRef,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Channel, Order, RequestType, Urgency } from '../../api/types.ts';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../orders/labels.ts';
import { useCategories, useUnits } from '../orders/reference.ts';
import { CallerProfilePanel, PHONE_PATTERN } from './CallerProfilePanel.tsx';
import { CreatedOrderPanel } from './CreatedOrderPanel.tsx';
import { DuplicatesPanel } from './DuplicatesPanel.tsx';
import { KnowledgePanel } from './KnowledgePanel.tsx';
import { categoryOptions, regionOptions } from './options.ts';

interface IntakeValues {
  citizenPhone?: string;
  citizenName?: string;
  channel: Channel;
  requestType: RequestType;
  urgency: Urgency;
  category?: number[];
  region?: number[];
  address?: string;
  title: string;
  content: string;
}

const INITIAL: Partial<IntakeValues> = { channel: 'phone', requestType: 'consultation', urgency: 'general' };

const REQUEST_TYPES = Object.keys(REQUEST_TYPE_LABELS) as RequestType[];
const URGENCIES = Object.keys(URGENCY_LABELS) as Urgency[];
const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

const blank = (v: string | undefined) => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** 受理台: record a call as an order in one pass from the keyboard, with the caller's profile beside it. */
export default function IntakePage() {
  const [form] = Form.useForm<IntakeValues>();
  const queryClient = useQueryClient();
  const units = useUnits();
  const categories = useCategories();
  const phoneInput = useRef<InputRef>(null);
  const [profilePhone, setProfilePhone] = useState<string | null>(null);
  const [created, setCreated] = useState<Order | null>(null);
  // One key per form submission: a double click or a retry of the same values never makes two
  // orders; any edit to the form starts a new submission.
  const idempotencyKey = useRef(crypto.randomUUID());

  const create = useMutation({
    mutationFn: (v: IntakeValues) =>
      unwrap(
        api.POST('/api/orders', {
          params: { header: { 'idempotency-key': idempotencyKey.current } },
          body: {
            channel: v.channel,
            requestType: v.requestType,
            urgency: v.urgency,
            categoryId: v.category?.at(-1),
            regionUnitId: v.region?.at(-1),
            address: blank(v.address),
            citizenName: blank(v.citizenName),
            citizenPhone: blank(v.citizenPhone),
            title: v.title.trim(),
            content: v.content.trim(),
          },
        }),
      ),
    onSuccess: (order) => {
      setCreated(order);
      idempotencyKey.current = crypto.randomUUID();
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      if (profilePhone) {
        void queryClient.invalidateQueries({ queryKey: ['callers', 'profile', profilePhone] });
        void queryClient.invalidateQueries({ queryKey: ['callers', 'suggestions', profilePhone] });
      }
    },
  });

  const loadProfile = () => {
    const phone = blank(form.getFieldValue('citizenPhone') as string | undefined) ?? null;
    setProfilePhone(phone);
  };

  const submit = () => {
    if (!create.isPending) form.submit();
  };

  const startNext = () => {
    form.resetFields();
    setCreated(null);
    setProfilePhone(null);
    create.reset();
    idempotencyKey.current = crypto.randomUUID();
    setTimeout(() => phoneInput.current?.focus(), 0);
  };

  // antd's clear (×) buttons are tab stops of their own; a call-taker tabbing through the form
  // should land on the next field, so they stay mouse-only here.
  const formBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = formBox.current;
    if (!box) return;
    const untab = () => {
      for (const b of box.querySelectorAll<HTMLElement>('.ant-select-clear')) b.tabIndex = -1;
    };
    untab();
    const observer = new MutationObserver(untab);
    observer.observe(box, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [created]);

  const onValuesChange: FormProps<IntakeValues>['onValuesChange'] = () => {
    if (!create.isPending) idempotencyKey.current = crypto.randomUUID();
  };

  // 「采用」 in the profile: set from outside the form, so it renews the submission key itself and
  // clears a 请选择事项分类 error; the focus stays where the call-taker is typing.
  const adoptCategory = (pathIds: number[]) => {
    if (create.isPending) return;
    form.setFieldValue('category', pathIds);
    idempotencyKey.current = crypto.randomUUID();
    void form.validateFields(['category']).catch(() => undefined);
  };

  return (
    <Row gutter={16} align="top">
      <Col span={15}>
        {created ? (
          <CreatedOrderPanel order={created} onNext={startNext} />
        ) : (
          <Card
            title={
              <Space size={8}>
                <FormOutlined />
                <span>受理登记</span>
              </Space>
            }
            extra={
              <Typography.Text type="secondary">
                <kbd>Tab</kbd> 切换 · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交
              </Typography.Text>
            }
          >
            <div
              ref={formBox}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  submit();
                }
              }}
            >
              <Form<IntakeValues>
                form={form}
                name="intake"
                layout="vertical"
                requiredMark
                initialValues={INITIAL}
                onFinish={(v) => create.mutate(v)}
                onValuesChange={onValuesChange}
                disabled={create.isPending}
                scrollToFirstError
              >
                <Row gutter={16}>
                  <Col span={9}>
                    <Form.Item
                      name="citizenPhone"
                      label="来电号码"
                      rules={[{ pattern: PHONE_PATTERN, message: '号码格式不正确' }]}
                      extra="回车或离开输入框即查询来电人画像"
                    >
                      <Input
                        ref={phoneInput}
                        autoFocus
                        inputMode="tel"
                        className="tabular"
                        placeholder="如 13800000001"
                        autoComplete="off"
                        onBlur={loadProfile}
                        onPressEnter={(e) => {
                          e.preventDefault();
                          loadProfile();
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="citizenName" label="诉求人姓名" rules={[{ max: 50 }]}>
                      <Input placeholder="可匿名" autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name="channel" label="受理渠道" rules={[{ required: true }]}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Row gutter={16}>
                  <Col span={15}>
                    <Form.Item name="requestType" label="诉求类型" rules={[{ required: true }]}>
                      <Radio.Group
                        optionType="button"
                        buttonStyle="solid"
                        options={REQUEST_TYPES.map((t) => ({ value: t, label: REQUEST_TYPE_LABELS[t] }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item name="urgency" label="紧急程度" rules={[{ required: true }]}>
                      <Radio.Group
                        optionType="button"
                        options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item
                  name="category"
                  label="事项分类"
                  rules={[{ required: true, message: '请选择事项分类' }]}
                >
                  <Cascader
                    options={categoryOptions(categories.data)}
                    showSearch
                    changeOnSelect
                    expandTrigger="hover"
                    loading={categories.isPending}
                    placeholder="输入关键字搜索，如“物业”“供暖”"
                    displayRender={(labels) => labels.join(' / ')}
                  />
                </Form.Item>
                <Row gutter={16}>
                  <Col span={10}>
                    <Form.Item name="region" label="所属区域">
                      <Cascader
                        options={regionOptions(units.data)}
                        showSearch
                        changeOnSelect
                        expandTrigger="hover"
                        loading={units.isPending}
                        placeholder="区县 / 街道 / 社区"
                        displayRender={(labels) => labels.join(' / ')}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={14}>
                    <Form.Item name="address" label="地址" rules={[{ max: 300 }]}>
                      <Input placeholder="路名门牌、小区楼栋" autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item
                  name="title"
                  label="标题"
                  rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}
                >
                  <Input placeholder="一句话概括诉求" autoComplete="off" />
                </Form.Item>
                <Form.Item
                  name="content"
                  label="诉求内容"
                  rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }, { max: 5000 }]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 4, maxRows: 8 }}
                    placeholder="时间、地点、事情经过和诉求人的要求"
                  />
                </Form.Item>
                <Flex gap={12} align="center">
                  <Button type="primary" size="large" onClick={submit} loading={create.isPending}>
                    提交工单
                  </Button>
                  <Button size="large" onClick={startNext} disabled={create.isPending}>
                    清空
                  </Button>
                  <Typography.Text type="secondary">重复点击不会重复建单</Typography.Text>
                </Flex>
              </Form>
            </div>
          </Card>
        )}
      </Col>
      <Col span={9}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <CallerProfilePanel phone={profilePhone} form={form} onAdoptCategory={adoptCategory} />
          <DuplicatesPanel form={form} createdOrderId={created?.id} />
          <KnowledgePanel form={form} />
        </Space>
      </Col>
    </Row>
  );
}
