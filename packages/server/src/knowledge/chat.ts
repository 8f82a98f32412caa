/**
 * Optional phrasing of an answer by an OpenAI-compatible chat endpoint (off by default). The model
 * sees only the masked question and the retrieved passages, and is told to quote them; no phone, ID
 * number or name from a caller's record is ever sent.
 */
import { maskPersonal } from './text.ts';

export interface ChatAdapter {
  /** The phrased answer, or null when the endpoint fails (the plain passages are shown instead). */
  phrase(o: {
    question: string;
    answers: readonly { title: string; passage: { text: string } }[];
  }): Promise<string | null>;
}

export interface ChatConfig {
  /** Base URL, e.g. https://llm.example/v1 (POST {url}/chat/completions). */
  url: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

/** From KNOWLEDGE_CHAT_URL, KNOWLEDGE_CHAT_KEY, KNOWLEDGE_CHAT_MODEL; undefined (off) without a URL. */
export function chatConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ChatConfig | undefined {
  const url = env.KNOWLEDGE_CHAT_URL?.trim();
  if (!url) return undefined;
  return {
    url: url.replace(/\/+$/, ''),
    apiKey: env.KNOWLEDGE_CHAT_KEY || undefined,
    model: env.KNOWLEDGE_CHAT_MODEL || 'default',
    timeoutMs: Number(env.KNOWLEDGE_CHAT_TIMEOUT_MS) || 8000,
  };
}

export const SYSTEM_PROMPT =
  '你是 12345 政务服务热线的知识库助手。只根据下面给出的知识条目摘录回答市民的问题，' +
  '用中文、简洁、礼貌；引用摘录原文时放在「」中并注明条目编号，如 [1]；摘录中没有的内容不要编造，' +
  '请说明需要转人工或咨询相关部门。';

export function chatMessages(o: Parameters<ChatAdapter['phrase']>[0]) {
  const excerpts = o.answers
    .map((a, i) => `[${i + 1}]《${a.title}》：${maskPersonal(a.passage.text)}`)
    .join('\n');
  return [
    { role: 'system' as const, content: SYSTEM_PROMPT },
    {
      role: 'user' as const,
      content: `市民问题：${maskPersonal(o.question)}\n\n知识条目摘录：\n${excerpts}`,
    },
  ];
}

export function openAiChatAdapter(
  config: ChatConfig,
  log: (msg: string, err?: unknown) => void = () => {},
): ChatAdapter {
  return {
    async phrase(o) {
      try {
        const res = await fetch(`${config.url}/chat/completions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: config.model, temperature: 0, messages: chatMessages(o) }),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        if (!res.ok) {
          log(`knowledge chat endpoint answered ${res.status}`);
          return null;
        }
        const json = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
        const content = json.choices?.[0]?.message?.content;
        return typeof content === 'string' && content.trim() ? content.trim() : null;
      } catch (err) {
        log('knowledge chat endpoint failed', err);
        return null;
      }
    },
  };
}
