/**
 * Text handling of the knowledge base: sanitising rich text, plain text, jieba words (the dispatch
 * pipeline's normaliser, masker and segmenter), the tsvector literal, character bigrams and the
 * highlighted passage.
 */
import sanitizeHtml from 'sanitize-html';
import { Segmenter } from '../dispatch/model/segmenter.ts';
import { cleanText, MASK_NAME, normalise } from '../dispatch/model/text.ts';

/** The small safe set of tags an entry body may hold; everything else is dropped on the way in. */
const BODY_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'h3',
    'h4',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  disallowedTagsMode: 'discard',
};

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, BODY_OPTIONS).trim();
}

const BLOCK = /<\/(p|li|h3|h4|tr|table|ul|ol)>|<br\s*\/?>/gi;

/** Plain text of sanitised HTML: one line per block, entities decoded. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(BLOCK, (m) => `${m}\n`);
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Citizens' text with phones, ID numbers and e-mail addresses replaced by readable placeholders. */
export function maskPersonal(text: string): string {
  return cleanText(text).replace(/[\uE000-\uE003]/g, (c) => MASK_NAME[c] ?? '');
}

export const hasPersonalData = (text: string) => /[\uE000-\uE003]/.test(cleanText(text));

/** Words that carry no meaning for finding an answer (question words, particles, pronouns). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 么 嘛 哦 是 在 有 和 与 及 或 我 你 他 她 它 我们 你们 他们 我家 这 那 这个 那个 哪个 哪些 ' +
    '什么 怎么 怎么办 怎样 如何 怎么样 为什么 为何 多少 几 哪 哪里 哪儿 请问 想 想要 要 能 能不能 可以 可不可以 会 ' +
    '需要 得 该 应该 一下 一个 个 吧 就 都 也 还 又 把 被 给 对 从 到 让 去 来 做 搞 弄 咨询 问 问问 了解 知道 ' +
    '现在 今年 已经 没有 不 没 是否 还是 一些 有些 自己 之后 以后 时候 情况 问题 相关 关于 请 谢谢 您好 你好 帮 帮忙 ' +
    '啥 咋 咋整 咋办 咋弄 咋个 怎么弄 怎么搞 怎么整 搞 整 说 再 好 大 很 太 真 挺 特别 非常 我要 还要 不要 等等 等 一直 总是 老是 ' +
    '那边 这边 那里 这里 这种 那种 这样 那样 一下子 好几 几个 两个 一个月 天天 每次 结果 然后 但是 可是 因为 所以 如果 就是 还有 啊啊 ' +
    // Spoken filler (有没有, 要不要, 急死了) and 多少钱 (asked of any fee): rare in entries, so each
    // weighed like a key word and sent the question to the one entry that happened to say it.
    '有没有 是不是 要不要 行不行 每个 不了 准备 从来 从来没 急死了 就让 不想 找谁 谁管 咋用 咋交 一下吧 多少钱'
  ).split(' '),
);

const segmenters = new Map<string, Segmenter>();
const byList = new WeakMap<readonly string[], Segmenter>();

/** The process-wide segmenter, extended with the synonym terms so that they stay whole words. */
export function segmenterFor(extraWords: readonly string[]): Segmenter {
  const cached = byList.get(extraWords);
  if (cached) return cached;
  const words = [...new Set(extraWords.filter((w) => w.trim() && w.length <= 32 && !/\s/.test(w)))].sort();
  const key = words.join('\n');
  let seg = segmenters.get(key);
  if (!seg) {
    seg = new Segmenter(words);
    if (segmenters.size > 8) segmenters.clear();
    segmenters.set(key, seg);
  }
  byList.set(extraWords, seg);
  return seg;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** Search words of a text: normalised, segmented, punctuation and stop words dropped. */
export function wordsOf(text: string, seg: Segmenter): string[] {
  const norm = normalise(text);
  if (!norm) return [];
  return seg.cut(norm).filter((w) => WORDLIKE.test(w) && !STOP_WORDS.has(w) && w.length <= 64);
}

/** A lexeme quoted for a tsvector / tsquery literal. */
export const quoteLexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector literal of weighted fields: each word with its positions (1…16383) and weight, as the
 * `simple` configuration would produce over the segmented text.
 */
export function tsvectorLiteral(
  fields: readonly { words: readonly string[]; weight: 'A' | 'B' | 'C' | 'D' }[],
): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const f of fields) {
    for (const w of f.words) {
      pos = Math.min(pos + 1, 16383);
      const list = positions.get(w) ?? [];
      if (list.length < 256) list.push(`${pos}${f.weight === 'D' ? '' : f.weight}`);
      positions.set(w, list);
    }
    pos = Math.min(pos + 1, 16383);
  }
  return [...positions].map(([w, p]) => `${quoteLexeme(w)}:${p.join(',')}`).join(' ');
}

const BIGRAM_RUN = /[\p{Script=Han}\p{L}\p{N}]+/gu;

/** Distinct character bigrams of the letters and digits of a text (a single character on its own). */
export function bigramsOf(text: string): string[] {
  const out = new Set<string>();
  for (const run of normalise(text).match(BIGRAM_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.add(run);
    for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  }
  return [...out];
}

/** Dice similarity of two bigram sets, 0…1. */
export function dice(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.length + b.size);
}

export interface Passage {
  text: string;
  /** Marked spans of `text`: the words of the question (or their synonyms) found there. */
  highlights: { start: number; length: number }[];
  /** `text` escaped, with the spans in <mark>. */
  html: string;
}

/** Marks every occurrence of `terms` in `text` (longest first, no overlaps). */
export function highlight(text: string, terms: readonly string[]): Passage {
  const lower = text.toLowerCase();
  const taken: boolean[] = [];
  const spans: { start: number; length: number }[] = [];
  for (const t of [...new Set(terms)].filter(Boolean).sort((a, b) => b.length - a.length)) {
    const tl = t.toLowerCase();
    let from = 0;
    for (;;) {
      const i = lower.indexOf(tl, from);
      if (i < 0) break;
      let free = true;
      for (let k = i; k < i + tl.length; k++) if (taken[k]) free = false;
      if (free) {
        for (let k = i; k < i + tl.length; k++) taken[k] = true;
        spans.push({ start: i, length: tl.length });
      }
      from = i + tl.length;
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const s of spans) {
    html += `${escapeHtml(text.slice(at, s.start))}<mark>${escapeHtml(text.slice(s.start, s.start + s.length))}</mark>`;
    at = s.start + s.length;
  }
  html += escapeHtml(text.slice(at));
  return { text, highlights: spans, html };
}

/** Sentences (or list lines) of a plain text, each at most ~160 characters. */
export function passagesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const parts = line.match(/[^。！？；!?;]+[。！？；!?;]?/g) ?? [];
    let cur = '';
    for (const p of parts) {
      if (cur && cur.length + p.length > 160) {
        out.push(cur.trim());
        cur = '';
      }
      cur += p;
    }
    if (cur.trim()) out.push(cur.trim());
  }
  return out;
}

/**
 * The passage that best answers: the sentence holding the most weight of the question's concepts
 * (with the next sentence when it is short), highlighted. `concepts` are alternatives with weights.
 */
export function bestPassage(
  text: string,
  concepts: readonly { terms: readonly string[]; weight: number }[],
  maxLength = 180,
): Passage {
  const sentences = passagesOf(text);
  if (sentences.length === 0) return highlight('', []);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    const lower = s.toLowerCase();
    let score = 0;
    for (const c of concepts) if (c.terms.some((t) => lower.includes(t.toLowerCase()))) score += c.weight;
    score -= i * 1e-3; // earlier wins ties
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  let passage = sentences[best] ?? '';
  const next = sentences[best + 1];
  if (next && passage.length + next.length <= maxLength && passage.length < 60) passage += next;
  if (passage.length > maxLength) passage = `${passage.slice(0, maxLength)}…`;
  return highlight(
    passage,
    concepts.flatMap((c) => c.terms),
  );
}
