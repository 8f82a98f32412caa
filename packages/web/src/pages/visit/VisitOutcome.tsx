import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Order, Satisfaction } from '../../api/types.ts';
import { SATISFACTION_LABELS } from '../orders/labels.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import { runStep, STEP_QUIET_ERRORS, StepConflict } from '../review/StepConflict.tsx';

type Method = 'phone' | 'sms';
const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
const LABEL_WIDTH = 64;

/**
 * 回访结果: 满意度 and 是否解决 in one click each, a note, submit. 不满意 or 未解决 re-opens the order
 * to its lead unit (差评重办) — the server does it — unless the reply was a 最终答复 or the visitor
 * finds the demand unreasonable and says why (`redo: false` with a note).
 */
export function VisitOutcome({
  order,
  note,
  onNote,
  onDone,
  onRefresh,
  refreshing,
}: {
  order: Order;
  note: string;
  onNote: (note: string) => void;
  onDone: () => void;
  onRefresh: () => Promise<void>;
  refreshing: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const [method, setMethod] = useState<Method>('phone');
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [noRedo, setNoRedo] = useState(false);
  const [noteError, setNoteError] = useState(false);

  const chosen = satisfaction !== null && resolved !== null;
  const unhappy = satisfaction === 'dissatisfied' || resolved === false;
  const redo = unhappy && !order.finalReply && !noRedo;
  const leadUnit = unitName(units.data, order.leadUnitId) ?? '主办单位';

  const visit = useMutation({
    mutationFn: () =>
      runStep(order, () =>
        unwrap(
          api.POST('/api/orders/{id}/visit', {
            params: { path: { id: order.id } },
            body: {
              method,
              satisfaction: satisfaction ?? 'satisfied',
              resolved: resolved ?? true,
              note: note.trim() || undefined,
              redo: unhappy && noRedo ? false : undefined,
              expectedVersion: order.version,
            },
          }),
        ),
      ),
    onSuccess: (o) => {
      message.success(
        o.state === 'closed'
          ? `回访已记录，工单 ${o.number} 已办结`
          : `回访已记录，工单 ${o.number} 已退回${unitName(units.data, o.leadUnitId) ?? '主办单位'}重办（${o.stateLabel}）`,
      );
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      onDone();
    },
    meta: { quietErrors: STEP_QUIET_ERRORS },
  });

  const submit = () => {
    if (!chosen) return;
    if (unhappy && noRedo && !order.finalReply && !note.trim()) {
      setNoteError(true);
      return;
    }
    visit.mutate();
  };

  return (
    <Flex vertical gap={10} data-testid="visit-form">
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong style={{ width: LABEL_WIDTH }}>
          回访方式
        </Typography.Text>
        <Radio.Group
          aria-label="回访方式"
          value={method}
          onChange={(e) => setMethod(e.target.value)}
          options={[
            { value: 'phone', label: '电话回访' },
            { value: 'sms', label: '短信回访' },
          ]}
        />
      </Flex>
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong style={{ width: LABEL_WIDTH }}>
          满意度
        </Typography.Text>
        <Radio.Group
          aria-label="满意度"
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={satisfaction}
          onChange={(e) => setSatisfaction(e.target.value)}
          options={SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))}
        />
      </Flex>
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong style={{ width: LABEL_WIDTH }}>
          是否解决
        </Typography.Text>
        <Radio.Group
          aria-label="是否解决"
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={resolved === null ? null : resolved ? 'yes' : 'no'}
          onChange={(e) => setResolved(e.target.value === 'yes')}
          options={[
            { value: 'yes', label: '已解决' },
            { value: 'no', label: '未解决' },
          ]}
        />
      </Flex>
      {unhappy &&
        (order.finalReply ? (
          <Alert type="info" showIcon title="本工单为最终答复：不满意或未解决也不再重办，提交后直接办结" />
        ) : (
          <Alert
            type="warning"
            showIcon
            data-testid="redo-warning"
            title={
              noRedo
                ? '已选择不重办：提交后工单办结，须在回访记录中写明诉求不合理的理由'
                : `不满意或未解决将自动转重办：提交后工单退回${leadUnit}重新办理（第 ${order.redoCount + 1} 次重办），办理时限重新计算`
            }
            description={
              <Checkbox checked={noRedo} onChange={(e) => setNoRedo(e.target.checked)}>
                经核实诉求不合理，不重办
              </Checkbox>
            }
          />
        ))}
      <div>
        <Typography.Text strong>回访记录</Typography.Text>
        <Input.TextArea
          aria-label="回访记录"
          value={note}
          onChange={(e) => {
            onNote(e.target.value);
            if (e.target.value.trim()) setNoteError(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !visit.isPending) {
              e.preventDefault();
              submit();
            }
          }}
          status={noteError ? 'error' : undefined}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={
            unhappy ? '记录诉求人不满意的原因，将随工单转给承办单位' : '可选：诉求人的原话、补充意见'
          }
          style={{ marginTop: 6 }}
          disabled={visit.isPending}
        />
        {noteError && <Typography.Text type="danger">不重办时须在回访记录中说明理由</Typography.Text>}
      </div>
      <StepConflict
        error={visit.error}
        onRefresh={() => {
          visit.reset();
          void onRefresh();
        }}
        refreshing={refreshing}
      />
      <Flex gap={12} align="center" wrap>
        <Button
          type="primary"
          size="large"
          icon={<SendOutlined />}
          disabled={!chosen || visit.isPending}
          loading={visit.isPending}
          onClick={submit}
          danger={redo}
        >
          {!chosen ? '提交回访' : redo ? '提交回访并转重办' : '提交回访并办结'}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {chosen
            ? `${SATISFACTION_LABELS[satisfaction]} · ${resolved ? '已解决' : '未解决'}`
            : '请先选择满意度和是否解决'}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
