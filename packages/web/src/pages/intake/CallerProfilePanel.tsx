import { UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  type FormInstance,
  List,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import type { paths } from '../../api/schema';
import { REQUEST_TYPE_LABELS } from '../orders/labels.ts';
import { StateTag } from '../orders/OrderBadges.tsx';
import { CallerSuggestions } from './CallerSuggestions.tsx';

type CallerProfile = paths['/api/callers/profile']['post']['responses'][200]['content']['application/json'];
type Flag = CallerProfile['flags'][number];

const FLAG_LABELS: Record<Flag, { label: string; color: string; hint: string }> = {
  frequent: { label: '高频来电', color: 'orange', hint: '近期来电次数较多' },
  dissatisfied_before: { label: '曾不满意', color: 'red', hint: '有回访不满意的记录' },
};

export const PHONE_PATTERN = /^\+?[0-9-]{5,20}$/;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** 来电人画像: looked up by phone in the request body (the server audits each look-up). */
export function useCallerProfile(phone: string | null) {
  return useQuery({
    queryKey: ['callers', 'profile', phone],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/callers/profile', { body: { phone: phone ?? '' }, signal })),
    enabled: phone !== null && PHONE_PATTERN.test(phone),
    staleTime: 60_000,
  });
}

export function CallerProfilePanel({
  phone,
  form,
  onAdoptCategory,
}: {
  phone: string | null;
  form: FormInstance;
  onAdoptCategory: (pathIds: number[]) => void;
}) {
  const profile = useCallerProfile(phone);
  const title = (
    <Flex align="center" gap={8}>
      <UserOutlined />
      <span>来电人画像</span>
      {phone && (
        <Typography.Text type="secondary" className="tabular" style={{ fontWeight: 'normal' }}>
          {phone}
        </Typography.Text>
      )}
    </Flex>
  );

  if (phone === null || !PHONE_PATTERN.test(phone)) {
    return (
      <Card title={title} size="small" data-testid="caller-profile">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={phone === null ? '输入来电号码后按回车，显示来电人历史诉求' : '号码格式不正确'}
        />
      </Card>
    );
  }
  if (profile.isError) {
    return (
      <Card title={title} size="small" data-testid="caller-profile">
        <Result
          status="warning"
          title="画像加载失败"
          subTitle={describeError(profile.error)}
          extra={<Button onClick={() => void profile.refetch()}>重试</Button>}
        />
      </Card>
    );
  }
  if (!profile.data) {
    return (
      <Card title={title} size="small" data-testid="caller-profile">
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  }
  const p = profile.data;
  if (p.totalOrders === 0) {
    return (
      <Card title={title} size="small" data-testid="caller-profile">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="首次来电，暂无历史诉求" />
        <CallerSuggestions phone={phone} form={form} onAdoptCategory={onAdoptCategory} />
      </Card>
    );
  }
  return (
    <Card
      title={title}
      size="small"
      data-testid="caller-profile"
      extra={
        <Flex gap={4}>
          {p.flags.map((f) => (
            <Tag
              key={f}
              color={FLAG_LABELS[f].color}
              title={FLAG_LABELS[f].hint}
              style={{ marginInlineEnd: 0 }}
            >
              {FLAG_LABELS[f].label}
            </Tag>
          ))}
        </Flex>
      }
    >
      <Row gutter={[8, 12]}>
        <Col span={8}>
          <Statistic title="累计诉求" value={p.totalOrders} suffix="件" />
        </Col>
        <Col span={8}>
          <Statistic
            title="在办诉求"
            value={p.openOrders}
            suffix="件"
            styles={{ content: p.openOrders > 0 ? { color: '#c2410c' } : undefined }}
          />
        </Col>
        <Col span={8}>
          <Statistic title="近30天" value={p.orders30d} suffix="次" />
        </Col>
        <Col span={8}>
          <Statistic title="满意率" value={percent(p.satisfaction.rate)} />
        </Col>
        <Col span={8}>
          <Statistic title="一次解决率" value={percent(p.oneTimeResolutionRate)} />
        </Col>
        <Col span={8}>
          <Statistic
            title="首次来电"
            value={p.firstContactAt ? dayjs(p.firstContactAt).format('YYYY-MM-DD') : '—'}
            styles={{ content: { fontSize: 16, lineHeight: '38px' } }}
          />
        </Col>
      </Row>
      <div style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">回访评价：</Typography.Text>
        <Typography.Text className="tabular">
          满意 {p.satisfaction.satisfied} · 基本满意 {p.satisfaction.basicallySatisfied} · 不满意{' '}
          {p.satisfaction.dissatisfied}
        </Typography.Text>
      </div>
      {p.topics.length > 0 && (
        <Flex wrap gap={4} align="center" style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">常见诉求：</Typography.Text>
          {p.topics.map((t) => (
            <Tag key={t.name} style={{ marginInlineEnd: 0 }}>
              {t.name} × {t.count}
            </Tag>
          ))}
        </Flex>
      )}
      <CallerSuggestions phone={phone} form={form} onAdoptCategory={onAdoptCategory} />
      <List
        size="small"
        style={{ marginTop: 8 }}
        header={<Typography.Text strong>最近诉求</Typography.Text>}
        dataSource={p.recentOrders}
        renderItem={(o) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Flex gap={8} align="center" style={{ width: '100%', minWidth: 0 }}>
              <Typography.Text type="secondary" className="tabular" style={{ flex: 'none' }}>
                {dayjs(o.createdAt).format('MM-DD')}
              </Typography.Text>
              <Tag style={{ marginInlineEnd: 0, flex: 'none' }}>{REQUEST_TYPE_LABELS[o.requestType]}</Tag>
              <Link
                to={`/orders/${o.id}`}
                target="_blank"
                style={{
                  flex: 1,
                  minWidth: 0,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                }}
                title={`${o.number} ${o.title}`}
              >
                {o.title}
              </Link>
              <span style={{ flex: 'none' }}>
                <StateTag state={o.state} label={o.stateLabel} />
              </span>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
