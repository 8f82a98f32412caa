import { CheckCircleOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, type FormInstance, Input, Result, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import { Passage } from '../knowledge/Passage.tsx';
import '../knowledge/knowledge.css';
import './self-service.css';

type Body = { question: string };

/**
 * 先查一查: before writing a request, the citizen asks in their own words and reads published
 * answers (public, rate-limited). 「问题已解决」 ends here; 「仍需提交诉求」 carries the question
 * into the form.
 */
export function SelfService({ form }: { form: FormInstance }) {
  const [question, setQuestion] = useState('');
  const [state, setState] = useState<'asking' | 'solved' | 'closed'>('asking');
  const [chosen, setChosen] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [unhelpful, setUnhelpful] = useState<Set<number>>(new Set());
  const ask = useMutation({
    mutationFn: (body: Body) => unwrap(api.POST('/api/portal/knowledge/answer', { body })),
    meta: { quietErrors: ['RATE_LIMITED', 'NETWORK_ERROR', 'VALIDATION_FAILED', 'INTERNAL'] },
  });
  const feedback = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST('/api/portal/knowledge/entries/{id}/not-helpful', {
          params: { path: { id } },
          body: { question: question.trim() || undefined },
        }),
      ),
    onSuccess: (_r, id) => setUnhelpful((s) => new Set(s).add(id)),
    meta: { quietErrors: ['RATE_LIMITED', 'NETWORK_ERROR', 'NOT_FOUND'] },
  });

  const search = (q: string, label?: string) => {
    const text = q.trim();
    if (!text) return;
    setChosen(label ?? null);
    setMore(false);
    ask.mutate({ question: (label ? `${text}（${label}）` : text).slice(0, 500) });
  };

  const stillSubmit = () => {
    const q = question.trim();
    if (q && !form.getFieldValue('content')) form.setFieldsValue({ content: q });
    if (q && !form.getFieldValue('title')) form.setFieldsValue({ title: q.slice(0, 30) });
    setState('closed');
  };

  if (state === 'solved')
    return (
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title="很高兴帮到您"
        subTitle="如还有其他问题，可以继续查询或提交诉求。"
        extra={
          <Flex vertical gap={8}>
            <Button
              size="large"
              block
              onClick={() => {
                setState('asking');
                setQuestion('');
                ask.reset();
              }}
            >
              继续查一查
            </Button>
            <Link to="/portal">
              <Button type="primary" size="large" block>
                返回首页
              </Button>
            </Link>
          </Flex>
        }
        className="portal__self"
      />
    );
  if (state === 'closed')
    return (
      <Flex justify="space-between" align="center" className="portal__self portal__self--closed">
        <Typography.Text type="secondary">没有找到答案？请填写下面的诉求</Typography.Text>
        <Button type="link" onClick={() => setState('asking')}>
          再查一查
        </Button>
      </Flex>
    );

  const data = ask.data;
  return (
    <section className="portal__self" data-testid="portal-self-service">
      <Typography.Text strong className="portal__self-title">
        <SearchOutlined /> 先查一查
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 10px' }}>
        很多政策和办事问题可以马上找到答案，不用等待回复。
      </Typography.Paragraph>
      <Input.Search
        aria-label="先查一查"
        size="large"
        placeholder="例如：孩子的医保怎么交"
        enterButton="查询"
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        onSearch={(v) => search(v)}
        loading={ask.isPending}
        maxLength={500}
      />
      {ask.isError && (
        <Alert
          type="warning"
          showIcon
          className="portal__alert"
          style={{ marginTop: 12 }}
          title={isApiError(ask.error, 'RATE_LIMITED') ? '查询太频繁，请稍后再试' : describeError(ask.error)}
        />
      )}
      {data && (
        <div className="portal__self-answers">
          {data.clarify ? (
            <>
              <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                {data.clarify.question}
              </Typography.Paragraph>
              <Flex vertical gap={8}>
                {data.clarify.choices.map((c) => (
                  <Button
                    key={c.entryId}
                    block
                    className="portal__choice"
                    onClick={() => search(question, c.label)}
                  >
                    {c.label}
                  </Button>
                ))}
              </Flex>
            </>
          ) : data.answers.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="暂时没有找到相关答案，您可以直接提交诉求"
            />
          ) : (
            <>
              {chosen && (
                <Tag color="blue" style={{ marginBottom: 8, whiteSpace: 'normal' }}>
                  {chosen}
                </Tag>
              )}
              {data.phrased && <p className="portal__answer">{data.phrased}</p>}
              {data.answers.slice(0, more ? undefined : 1).map((a) => (
                <article key={a.id} className="portal__self-answer" data-testid="portal-answer">
                  <Typography.Text strong>{a.title}</Typography.Text>
                  <p className="portal__answer knowledge-answer">
                    <Passage passage={a.passage} />
                  </p>
                  <Flex justify="space-between" align="center" gap={8}>
                    <small>
                      {a.sourceTitle ? `依据：${a.sourceTitle}` : ''}
                      {a.expiresOn ? ` 有效期至 ${a.expiresOn}` : ''}
                    </small>
                    <Button
                      size="small"
                      type="link"
                      disabled={unhelpful.has(a.id)}
                      loading={feedback.isPending && feedback.variables === a.id}
                      onClick={() => feedback.mutate(a.id)}
                    >
                      {unhelpful.has(a.id) ? '已反馈' : '没有帮助'}
                    </Button>
                  </Flex>
                </article>
              ))}
              {!more && data.answers.length > 1 && (
                <Button type="link" block onClick={() => setMore(true)}>
                  查看其他 {data.answers.length - 1} 条相关答案
                </Button>
              )}
            </>
          )}
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button type="primary" size="large" style={{ flex: 1 }} onClick={() => setState('solved')}>
              问题已解决
            </Button>
            <Button size="large" style={{ flex: 1 }} onClick={stillSubmit}>
              仍需提交诉求
            </Button>
          </Flex>
        </div>
      )}
    </section>
  );
}
