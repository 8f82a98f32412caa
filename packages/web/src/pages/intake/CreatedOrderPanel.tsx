import { CheckCircleFilled, MessageOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { REQUEST_TYPE_LABELS } from '../orders/labels.ts';
import { StateTag } from '../orders/OrderBadges.tsx';
import { useKnowledgeQuote } from './KnowledgePanel.tsx';
import { spacedOrderNumber } from './options.ts';

type Step = 'choose' | 'answering' | 'answered' | 'handed_off';

/**
 * The new order's number, large and split for reading aloud, and what happens next: 直接答复 closes
 * a consultation at once; 转派单 leaves it in the dispatch queue.
 */
export function CreatedOrderPanel({ order, onNext }: { order: Order; onNext: () => void }) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(order);
  const [step, setStep] = useState<Step>('choose');
  // A passage quoted from the knowledge panel fills the answer; the answer records its entry.
  const quote = useKnowledgeQuote();
  const [answer, setAnswer] = useState(quote?.text ?? '');
  const quoted = useRef(quote);
  useEffect(() => {
    if (!quote || quote === quoted.current) return;
    quoted.current = quote;
    setAnswer(quote.text);
    setStep((s) => (s === 'choose' ? 'answering' : s));
  }, [quote]);
  const consultation = order.requestType === 'consultation';

  const directAnswer = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orders/{id}/direct-answer', {
          params: { path: { id: order.id } },
          body: {
            answer: answer.trim(),
            knowledgeEntryId: quote?.entryId ?? undefined,
            expectedVersion: current.version,
          },
        }),
      ),
    onSuccess: (o) => {
      setCurrent(o);
      setStep('answered');
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });

  const sendAnswer = () => {
    if (answer.trim() && !directAnswer.isPending) directAnswer.mutate();
  };

  return (
    <Card data-testid="created-order">
      <Flex vertical align="center" gap={8} style={{ padding: '16px 0 8px' }}>
        <Typography.Text type="success" style={{ fontSize: 16 }}>
          <CheckCircleFilled style={{ marginInlineEnd: 8 }} />
          已建单，请向来电人报读工单编号
        </Typography.Text>
        <div
          data-testid="order-number"
          className="tabular"
          aria-label={`工单编号 ${order.number}`}
          style={{
            fontSize: 48,
            fontWeight: 600,
            letterSpacing: '0.12em',
            lineHeight: 1.2,
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            color: '#1a56b8',
          }}
        >
          {spacedOrderNumber(order.number)}
        </div>
        <Space size={8}>
          <StateTag state={current.state} label={current.stateLabel} />
          <Typography.Text type="secondary">
            {REQUEST_TYPE_LABELS[order.requestType]} · {order.title}
          </Typography.Text>
        </Space>
      </Flex>

      {step === 'choose' && (
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Button
            size="large"
            type={consultation ? 'primary' : 'default'}
            icon={<MessageOutlined />}
            autoFocus={consultation}
            onClick={() => setStep('answering')}
          >
            直接答复
          </Button>
          <Button
            size="large"
            type={consultation ? 'default' : 'primary'}
            icon={<SendOutlined />}
            autoFocus={!consultation}
            onClick={() => setStep('handed_off')}
          >
            转派单
          </Button>
          <Button size="large" icon={<PlusOutlined />} onClick={onNext}>
            再受理一单
          </Button>
        </Flex>
      )}

      {step === 'answering' && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>答复内容</Typography.Text>
          <Input.TextArea
            aria-label="答复内容"
            autoFocus
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                sendAnswer();
              }
            }}
            autoSize={{ minRows: 4, maxRows: 10 }}
            maxLength={5000}
            placeholder="告知来电人的政策依据、办理地点和材料等；答复后工单直接办结"
            style={{ marginTop: 8 }}
          />
          <Flex gap={12} align="center" style={{ marginTop: 12 }}>
            <Button
              type="primary"
              size="large"
              disabled={!answer.trim()}
              loading={directAnswer.isPending}
              onClick={sendAnswer}
            >
              确认答复并办结
            </Button>
            <Button size="large" onClick={() => setStep('choose')} disabled={directAnswer.isPending}>
              返回
            </Button>
            <Typography.Text type="secondary">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 确认
            </Typography.Text>
          </Flex>
        </div>
      )}

      {(step === 'answered' || step === 'handed_off') && (
        <Flex vertical align="center" gap={16} style={{ marginTop: 16 }}>
          <Alert
            type={step === 'answered' ? 'success' : 'info'}
            showIcon
            title={
              step === 'answered'
                ? '已直接答复，工单办结，后续将安排回访'
                : '已转派单台，等待派单员派给承办单位'
            }
          />
          <Space size={12}>
            <Button type="primary" size="large" icon={<PlusOutlined />} autoFocus onClick={onNext}>
              再受理一单
            </Button>
            <Link to={`/orders/${order.id}`}>
              <Button size="large">查看工单</Button>
            </Link>
          </Space>
        </Flex>
      )}
    </Card>
  );
}
