import {
  BookOutlined,
  DislikeOutlined,
  FileTextOutlined,
  MessageOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  Modal,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { AnswerItem, AnswerView } from '../knowledge/knowledge-api.ts';
import { KindTag } from '../knowledge/labels.tsx';
import { Passage } from '../knowledge/Passage.tsx';
import '../knowledge/knowledge.css';

// ── the quoted answer, shared with the direct-answer step (CreatedOrderPanel) ──────────────────

/**
 * A passage the call-taker chose to answer with, and the entry it came from (null: a reply template
 * from the caller's history that quoted no entry).
 */
export interface KnowledgeQuote {
  entryId: number | null;
  title: string;
  text: string;
}

let quote: KnowledgeQuote | null = null;
const listeners = new Set<() => void>();

export function setKnowledgeQuote(next: KnowledgeQuote | null) {
  quote = next;
  for (const l of listeners) l();
}

/** The quoted passage, if any: the direct answer fills its text with it and records the entry id. */
export function useKnowledgeQuote(): KnowledgeQuote | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => quote,
  );
}

// ── the panel ────────────────────────────────────────────────────────────────────────────────

interface Ask {
  question: string;
  regionUnitId?: number;
}

/** The question the draft asks: title and content, or null while too short to search on. */
function askOf(v: Record<string, unknown> | undefined): Ask | null {
  if (!v) return null;
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
  const question = [s('title'), s('content')].filter(Boolean).join('。').slice(0, 500);
  const region = Array.isArray(v.region) ? (v.region as number[]).at(-1) : undefined;
  return question.length >= 4 ? { question, ...(region ? { regionUnitId: region } : {}) } : null;
}

/**
 * 知识库 beside the intake form: as the call-taker types (debounced) or asks in the panel's own
 * box, the best published entries with the passage that answers; a vague question gets the
 * clarifying choices; 「引用答复」 hands the passage to the direct answer with the entry id.
 */
export function KnowledgePanel({ form }: { form: FormInstance }) {
  const values = Form.useWatch((v) => v as Record<string, unknown>, form);
  const [own, setOwn] = useState('');
  const [ask, setAsk] = useState<Ask | null>(null);
  const [chosen, setChosen] = useState<{ entryId: number; label: string } | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const current = useKnowledgeQuote();
  const { message } = App.useApp();

  const fromForm = askOf(values);
  const key = JSON.stringify(own.trim() ? { question: own.trim(), ...regionOf(fromForm) } : fromForm);
  useEffect(() => {
    const next = JSON.parse(key) as Ask | null;
    if (!next) return;
    const timer = setTimeout(() => {
      setAsk((prev) => (JSON.stringify(prev) === key ? prev : next));
      setChosen(null);
    }, 600);
    return () => clearTimeout(timer);
  }, [key]);
  // A new call (the form was cleared) drops what the last one quoted.
  // (While the order is shown the form is unmounted and watches nothing: the quote stays.)
  const empty = values !== undefined && !fromForm && !own.trim();
  useEffect(() => {
    if (empty) {
      setAsk(null);
      setChosen(null);
      setKnowledgeQuote(null);
    }
  }, [empty]);

  // After a clarifying choice, ask again with the chosen case spelled out.
  const asked: Ask | null =
    ask && chosen ? { ...ask, question: `${ask.question}（${chosen.label}）`.slice(0, 500) } : ask;
  const answer = useQuery({
    queryKey: ['knowledge', 'answer', asked],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/knowledge/answer', { body: asked ?? { question: '' }, signal })),
    enabled: asked !== null,
    staleTime: 60_000,
    meta: { quietErrors: ['NETWORK_ERROR', 'FORBIDDEN'] },
  });

  const notHelpful = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST('/api/knowledge/entries/{id}/not-helpful', {
          params: { path: { id } },
          body: { question: asked?.question },
        }),
      ),
    onSuccess: () => message.success('已反馈“没有帮助”，知识库管理员会据此完善条目'),
  });

  const quoteAnswer = (a: AnswerItem) => {
    const source = a.sourceTitle ? `\n（依据：${a.sourceTitle}）` : '';
    setKnowledgeQuote({ entryId: a.id, title: a.title, text: `${a.passage.text}${source}` });
    message.success('已引用，直接答复时将自动填入');
  };

  const data: AnswerView | undefined = answer.data;
  const answers = ordered(data?.answers ?? [], chosen?.entryId);
  return (
    <Card
      size="small"
      data-testid="knowledge-slot"
      title={
        <Space size={8}>
          <BookOutlined />
          <span>知识库</span>
          {answer.isFetching && <Spin size="small" />}
        </Space>
      }
    >
      <Input.Search
        aria-label="知识库提问"
        placeholder="输入来电人的问题，如“孩子医保怎么交”"
        allowClear
        value={own}
        onChange={(e) => setOwn(e.target.value)}
        onSearch={(v) => setOwn(v)}
        style={{ marginBottom: 12 }}
      />
      {current && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
              已引用：{current.title}
            </Typography.Text>
          }
          action={
            <Button size="small" type="link" onClick={() => setKnowledgeQuote(null)}>
              取消引用
            </Button>
          }
        />
      )}
      {asked === null ? (
        <Typography.Text type="secondary">
          录入标题和诉求内容后，自动查找已发布且在有效期内的知识条目；也可在上方直接提问。
        </Typography.Text>
      ) : answer.isPending ? (
        <Flex justify="center" style={{ padding: 16 }}>
          <Spin />
        </Flex>
      ) : answer.isError ? (
        <Alert type="warning" showIcon title="知识库暂时无法查询，请稍后重试" />
      ) : data?.clarify && !chosen ? (
        <div data-testid="knowledge-clarify">
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            <QuestionCircleOutlined style={{ color: '#1a56b8', marginInlineEnd: 6 }} />
            <Typography.Text strong>问题不够具体，请向来电人确认：{data.clarify.question}</Typography.Text>
          </Typography.Paragraph>
          <Flex vertical gap={8}>
            {data.clarify.choices.map((c) => (
              <Button
                key={c.entryId}
                block
                className="knowledge-choice"
                onClick={() => setChosen({ entryId: c.entryId, label: c.label })}
              >
                {c.label}
              </Button>
            ))}
          </Flex>
        </div>
      ) : answers.length === 0 && chosen ? (
        <Flex vertical align="center" gap={8}>
          <Typography.Text type="secondary">请查看「{chosen.label}」的条目全文</Typography.Text>
          <Space>
            <Button size="small" onClick={() => setOpenId(chosen.entryId)}>
              查看全文
            </Button>
            <Button size="small" type="link" onClick={() => setChosen(null)}>
              重新选择
            </Button>
          </Space>
        </Flex>
      ) : answers.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="知识库中没有找到合适的答案，问题已记入待补充问题"
        />
      ) : (
        <Flex vertical gap={12}>
          {chosen && (
            <Flex gap={8} align="center" wrap>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {chosen.label}
              </Tag>
              <Button size="small" type="link" onClick={() => setChosen(null)}>
                重新选择
              </Button>
            </Flex>
          )}
          {data?.phrased && (
            <Alert
              type="info"
              title="参考答复口径"
              description={data.phrased}
              style={{ whiteSpace: 'pre-wrap' }}
            />
          )}
          {answers.map((a, n) => (
            <div key={a.id} className="knowledge-answer" data-testid="knowledge-answer">
              <Flex gap={6} align="center" wrap style={{ marginBottom: 4 }}>
                <KindTag kind={a.kind} />
                <Typography.Text strong style={{ flex: 1, minWidth: 0 }} ellipsis>
                  {a.title}
                </Typography.Text>
                {n === 0 && (
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    最佳
                  </Tag>
                )}
              </Flex>
              <div className="knowledge-answer__passage">
                <Passage passage={a.passage} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 6 }}>
                {a.sourceTitle ? `依据：${a.sourceTitle}` : '依据：知识库'}
                {a.expiresOn ? ` · 有效期至 ${a.expiresOn}` : ''}
              </Typography.Text>
              <Space size={4} wrap>
                <Button
                  size="small"
                  type={current?.entryId === a.id ? 'default' : 'primary'}
                  icon={<MessageOutlined />}
                  onClick={() => quoteAnswer(a)}
                >
                  {current?.entryId === a.id ? '已引用' : '引用答复'}
                </Button>
                <Button size="small" icon={<FileTextOutlined />} onClick={() => setOpenId(a.id)}>
                  查看全文
                </Button>
                <Button
                  size="small"
                  type="text"
                  icon={<DislikeOutlined />}
                  loading={notHelpful.isPending && notHelpful.variables === a.id}
                  disabled={notHelpful.isSuccess && notHelpful.variables === a.id}
                  onClick={() => notHelpful.mutate(a.id)}
                >
                  没有帮助
                </Button>
              </Space>
            </div>
          ))}
        </Flex>
      )}
      <EntryModal id={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}

const regionOf = (a: Ask | null) => (a?.regionUnitId ? { regionUnitId: a.regionUnitId } : {});

/** The chosen case first, then the rest by score. */
function ordered(answers: AnswerItem[], first: number | undefined): AnswerItem[] {
  if (first === undefined) return answers;
  return [...answers].sort((a, b) => Number(b.id === first) - Number(a.id === first));
}

/** The whole entry; one that must not be quoted (expired, withdrawn, unpublished) shows why. */
function EntryModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const entry = useQuery({
    queryKey: ['knowledge', 'entry', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/knowledge/entries/{id}', { params: { path: { id: id ?? 0 } }, signal })),
  });
  const e = entry.data;
  return (
    <Modal
      open={id !== null}
      onCancel={onClose}
      footer={<Button onClick={onClose}>关闭</Button>}
      title={e?.title ?? '知识条目'}
      width={720}
    >
      {entry.isPending ? (
        <Spin />
      ) : e ? (
        <Flex vertical gap={12}>
          {e.notice && <Alert type="error" showIcon title={e.notice} />}
          <Typography.Text type="secondary">
            {e.kindLabel} · {e.categoryName ?? '未分类'} ·{' '}
            {e.regions.length ? e.regions.map((r) => r.name).join('、') : '全市'}
            {e.expiresOn ? ` · 有效期至 ${e.expiresOn}` : ''}
            {e.ownerUnitName ? ` · ${e.ownerUnitName}` : ''}
          </Typography.Text>
          {e.steps.length > 0 && (
            <ol className="knowledge-preview__list">
              {e.steps.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
          )}
          {/* Sanitised by the server. */}
          <div className="knowledge-body" dangerouslySetInnerHTML={{ __html: e.bodyHtml }} />
        </Flex>
      ) : (
        <Typography.Text type="secondary">条目不存在或无权查看</Typography.Text>
      )}
    </Modal>
  );
}
