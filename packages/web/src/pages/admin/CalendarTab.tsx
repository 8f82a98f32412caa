import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Calendar,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { LoadFailed } from './AdminStates.tsx';
import { type CalendarDay, FORM_ERRORS, showErrorOnForm, useCalendarMonth } from './admin-api.ts';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** One day's badge: 法定节假日 (red), 调休上班 (blue), 本地调整 (magenta), weekend (grey). */
function DayBadge({ day }: { day: CalendarDay }) {
  if (day.override) {
    return (
      <Tag
        color="magenta"
        bordered={false}
        style={{ whiteSpace: 'normal' }}
        data-testid={`override-${day.day}`}
      >
        {day.override.isWorkday ? '班' : '休'} ·{' '}
        {day.override.note || (day.override.isWorkday ? '本地工作日' : '本地休息日')}
      </Tag>
    );
  }
  if (day.national?.kind === 'holiday') {
    return (
      <Tag color="red" bordered={false}>
        休 · {day.national.name}
      </Tag>
    );
  }
  if (day.national?.kind === 'workday') {
    return (
      <Tag color="blue" bordered={false}>
        班 · {day.national.name}
      </Tag>
    );
  }
  return null;
}

/** 节假日与调休: the national calendar (法定节假日、调休上班) with the centre's local days off and on. */
export default function CalendarTab() {
  // The month is kept in the address (?month=2026-10), so a link shows the same month.
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('month');
  const asked = fromUrl && /^\d{4}-(0[1-9]|1[0-2])$/.test(fromUrl) ? dayjs(`${fromUrl}-01`) : null;
  const month = asked?.isValid() ? asked : dayjs().startOf('month');
  const setMonth = (d: Dayjs) => {
    const next = new URLSearchParams(params);
    next.set('month', d.format('YYYY-MM'));
    setParams(next, { replace: true });
  };
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const key = month.format('YYYY-MM');
  const days = useCalendarMonth(key);
  const byDay = new Map((days.data ?? []).map((d) => [d.day, d]));
  const workdays = days.data?.filter((d) => d.isWorkday).length;

  if (days.isError) return <LoadFailed what="日历" error={days.error} onRetry={() => void days.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space size={8} wrap>
          <Tag color="red" bordered={false}>
            休 · 法定节假日
          </Tag>
          <Tag color="blue" bordered={false}>
            班 · 调休上班
          </Tag>
          <Tag color="magenta" bordered={false}>
            本地调整
          </Tag>
          <Typography.Text type="secondary">
            点击日期可设为本地休息日或工作日（如台风、防汛停工）
          </Typography.Text>
        </Space>
        <Typography.Text data-testid="month-summary">
          {month.format('YYYY 年 M 月')}：{workdays === undefined ? '…' : `${workdays} 个工作日`}
          {days.isFetching && <Spin size="small" style={{ marginInlineStart: 8 }} />}
        </Typography.Text>
      </Flex>
      <div data-testid="holiday-calendar">
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d.startOf('month'))}
          onSelect={(d, info) => {
            if (info.source !== 'date') {
              setMonth(d.startOf('month'));
              return;
            }
            if (!d.isSame(month, 'month')) {
              setMonth(d.startOf('month'));
              return;
            }
            const day = byDay.get(d.format('YYYY-MM-DD'));
            if (day) setEditing(day);
          }}
          fullCellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const day = byDay.get(d.format('YYYY-MM-DD'));
            const inMonth = d.isSame(month, 'month');
            const off = day ? !day.isWorkday : d.day() === 0 || d.day() === 6;
            return (
              <div
                className="ant-picker-cell-inner ant-picker-calendar-date"
                data-day={d.format('YYYY-MM-DD')}
                style={{
                  opacity: inMonth ? 1 : 0.4,
                  background: inMonth && off ? '#fafafa' : undefined,
                  borderTopColor: day?.override ? '#c41d7f' : undefined,
                }}
              >
                <div
                  className="ant-picker-calendar-date-value"
                  style={{ color: off ? '#c8281e' : undefined }}
                >
                  {d.date()}
                </div>
                <div className="ant-picker-calendar-date-content" style={{ height: 56 }}>
                  {inMonth && day && <DayBadge day={day} />}
                </div>
              </div>
            );
          }}
        />
      </div>
      {editing && <DayDialog day={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

type Choice = 'off' | 'on' | 'national';

function DayDialog(props: { day: CalendarDay; onClose: () => void }) {
  const { day } = props;
  const [form] = Form.useForm<{ choice: Choice; note?: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const choice =
    Form.useWatch('choice', form) ?? (day.override ? (day.override.isWorkday ? 'on' : 'off') : undefined);
  const national =
    day.national?.kind === 'holiday' || (!day.national && (day.weekday === 0 || day.weekday === 6))
      ? '休息日'
      : '工作日';

  const save = useMutation({
    mutationFn: (v: { choice: Choice; note?: string }) =>
      unwrap(
        api.PUT('/api/calendar/days/{day}', {
          params: { path: { day: day.day } },
          body:
            v.choice === 'national'
              ? { isWorkday: null }
              : { isWorkday: v.choice === 'on', note: v.note?.trim() ?? '' },
        }),
      ),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (_, v) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'sla-preview'] });
      message.success(
        v.choice === 'national'
          ? `${day.day} 已恢复按国家日历`
          : `${day.day} 已设为本地${v.choice === 'on' ? '工作日' : '休息日'}`,
      );
      props.onClose();
    },
    onError: (error) => showErrorOnForm(form, error, ['isWorkday', 'note']),
  });

  return (
    <Modal
      open
      title={`${dayjs(day.day).format('YYYY 年 M 月 D 日')} ${WEEKDAYS[day.weekday]}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        style={{ margin: '16px 0' }}
        items={[
          {
            key: 'national',
            label: '国家日历',
            children: day.national ? `${day.national.name}（${national}）` : national,
          },
          {
            key: 'now',
            label: '目前按',
            children: (
              <Space>
                <Tag color={day.isWorkday ? 'blue' : 'red'} bordered={false}>
                  {day.isWorkday ? '工作日' : '休息日'}
                </Tag>
                {day.override && (
                  <Typography.Text type="secondary">
                    本地调整：{day.override.note || '未写原因'}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        name="calendar-day"
        initialValues={{
          choice: day.override ? (day.override.isWorkday ? 'on' : 'off') : day.isWorkday ? 'off' : 'on',
          note: day.override?.note ?? '',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="choice" label="本地调整" rules={[{ required: true, message: '请选择' }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'off', label: '设为休息日' },
              { value: 'on', label: '设为工作日' },
              ...(day.override ? [{ value: 'national', label: '取消调整，按国家日历' }] : []),
            ]}
          />
        </Form.Item>
        {choice !== 'national' && (
          <Form.Item
            name="note"
            label="原因"
            rules={[
              { required: true, whitespace: true, message: '请填写调整原因，如“台风停工”' },
              { max: 200, message: '原因最多 200 个字' },
            ]}
          >
            <Input autoComplete="off" placeholder="如：台风停工、本市补休" />
          </Form.Item>
        )}
        <Alert type="info" showIcon title="调整立即影响此后派单的工单时限；已派出工单的期限不会重算。" />
      </Form>
    </Modal>
  );
}
