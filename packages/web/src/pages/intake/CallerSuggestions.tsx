import { BulbOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Flex, Form, type FormInstance, Spin, Tag, Typography } from 'antd';
import { type MouseEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { setKnowledgeQuote, useKnowledgeQuote } from './KnowledgePanel.tsx';

type Suggestions = paths['/api/callers/suggestions']['post']['responses'][200]['content']['application/json'];
type Template = Suggestions['replyTemplates'][number];

interface Draft {
  title?: string;
  content?: string;
  address?: string;
  categoryId?: number;
}

const TEMPLATE_LABELS: Record<Template['kind'], string> = {
  accepted_reply: '满意答复',
  knowledge_entry: '知识答复',
};

/** What of the form the suggestions use: the draft's words and the category already chosen. */
function draftOf(v: Record<string, unknown> | undefined): Draft {
  const s = (k: string) => (typeof v?.[k] === 'string' ? (v[k] as string).trim() : '');
  const category = Array.isArray(v?.category) ? (v.category as number[]).at(-1) : undefined;
  return {
    ...(s('title') ? { title: s('title').slice(0, 200) } : {}),
    ...(s('content') ? { content: s('content').slice(0, 5000) } : {}),
    ...(s('address') ? { address: s('address').slice(0, 300) } : {}),
    ...(category ? { categoryId: category } : {}),
  };
}

const small = { fontSize: 12 } as const;

/** A click on 采用/套用 leaves the caret in the field the call-taker is typing in. */
const keepFocus = (e: MouseEvent) => e.preventDefault();

/**
 * 建议 in the caller profile: the category (「采用」 sets the form's 事项分类) and reply templates
 * (「套用」 fills the direct answer) from the caller's history and the draft, each with its reason.
 * Nothing here takes the focus: the form is filled from the keyboard as before.
 */
export function CallerSuggestions({
  phone,
  form,
  onAdoptCategory,
}: {
  phone: string;
  form: FormInstance;
  onAdoptCategory: (pathIds: number[]) => void;
}) {
  const { message } = App.useApp();
  const values = Form.useWatch((v) => v as Record<string, unknown>, form);
  const quote = useKnowledgeQuote();
  const key = JSON.stringify(draftOf(values));
  const [draft, setDraft] = useState<Draft>(() => JSON.parse(key) as Draft);
  // Debounced like the other intake panels: one request (and one audit entry) per pause in typing.
  useEffect(() => {
    const timer = setTimeout(
      () => setDraft((prev) => (JSON.stringify(prev) === key ? prev : JSON.parse(key))),
      600,
    );
    return () => clearTimeout(timer);
  }, [key]);

  const suggestions = useQuery({
    queryKey: ['callers', 'suggestions', phone, draft],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/callers/suggestions', { body: { phone, ...draft }, signal })),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    meta: { quietErrors: ['NETWORK_ERROR'] },
  });

  const chosen = Array.isArray(values?.category) ? (values.category as number[]).at(-1) : undefined;
  const s = suggestions.data;
  const nothing = s && !s.followUp && s.categories.length === 0 && s.replyTemplates.length === 0;

  const apply = (t: Template) => {
    setKnowledgeQuote({
      entryId: t.knowledgeEntryId,
      title: `${TEMPLATE_LABELS[t.kind]}（工单 ${t.orderNumber}）`,
      text: t.text,
    });
    message.success('已套用，直接答复时将自动填入');
  };

  return (
    <div
      data-testid="caller-suggestions"
      style={{ marginTop: 12, paddingTop: 8, borderTop: '1px solid #f0f0f0' }}
    >
      <Flex align="center" gap={6}>
        <BulbOutlined style={{ color: '#d48806' }} />
        <Typography.Text strong>建议</Typography.Text>
        {suggestions.isFetching && <Spin size="small" />}
      </Flex>
      {suggestions.isError ? (
        <Typography.Text type="secondary" style={small}>
          建议暂不可用
        </Typography.Text>
      ) : !s ? null : nothing ? (
        <Typography.Text type="secondary" style={small}>
          暂无建议：历史诉求和已填内容中没有可参考的分类或答复
        </Typography.Text>
      ) : (
        <Flex vertical gap={8} style={{ marginTop: 6 }}>
          {s.followUp && (
            <Flex vertical gap={2} data-testid="suggested-follow-up">
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <Tag color="orange" style={{ marginInlineEnd: 0, flex: 'none' }}>
                  在办
                </Tag>
                <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={s.followUp.title}>
                  {s.followUp.title}
                </Typography.Text>
                <Link to={`/orders/${s.followUp.orderId}`} target="_blank" style={{ flex: 'none' }}>
                  催办/补充
                </Link>
              </Flex>
              <Typography.Text type="secondary" style={small}>
                {s.followUp.reason}
              </Typography.Text>
            </Flex>
          )}
          {s.categories.map((c) => (
            <Flex vertical gap={2} key={c.categoryId} data-testid="suggested-category">
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <Tag color="blue" style={{ marginInlineEnd: 0, flex: 'none' }}>
                  分类
                </Tag>
                <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={c.path}>
                  {c.path}
                </Typography.Text>
                <Button
                  size="small"
                  onMouseDown={keepFocus}
                  disabled={chosen === c.categoryId}
                  onClick={() => onAdoptCategory(c.pathIds)}
                  style={{ flex: 'none' }}
                >
                  {chosen === c.categoryId ? '已采用' : '采用'}
                </Button>
              </Flex>
              <Typography.Text type="secondary" style={small}>
                {c.reasons.join('；')}
              </Typography.Text>
            </Flex>
          ))}
          {s.replyTemplates.map((t) => (
            <Flex vertical gap={2} key={`${t.kind}-${t.orderId}`} data-testid="suggested-template">
              <Flex align="start" gap={8} style={{ minWidth: 0 }}>
                <Tag color="green" style={{ marginInlineEnd: 0, flex: 'none' }}>
                  {TEMPLATE_LABELS[t.kind]}
                </Tag>
                <Typography.Paragraph
                  ellipsis={{ rows: 2, tooltip: t.text }}
                  style={{ flex: 1, minWidth: 0, marginBottom: 0 }}
                >
                  {t.text}
                </Typography.Paragraph>
                <Button
                  size="small"
                  onMouseDown={keepFocus}
                  disabled={quote?.text === t.text}
                  onClick={() => apply(t)}
                  style={{ flex: 'none' }}
                >
                  {quote?.text === t.text ? '已套用' : '套用'}
                </Button>
              </Flex>
              <Typography.Text type="secondary" style={small}>
                {t.reason}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
    </div>
  );
}
