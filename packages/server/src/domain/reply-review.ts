/**
 * 答复审核规则 (reply review rules): rules that reviewers configure as data, evaluated on a reply
 * before it reaches the citizen. Four kinds:
 *
 * - `required_element` — the reply must say something (contact with the citizen, what was done, the
 *   legal basis of a refusal): it fires when none of the rule's patterns match. A rule may apply only
 *   to some request types, to refusals, or to final replies (最终答复).
 * - `forbidden_phrase` — empty phrases (「已转交」「按规定办理」) are only a fault when they are all the
 *   reply says: the rule fires when a phrase occurs and, once the phrases and courtesy boilerplate are
 *   taken out, fewer than `maxOtherChars` characters of substance remain.
 * - `min_substance` — fewer than `minChars` characters of substance (see {@link substanceOf}).
 * - `relevance` — request and reply share too few content words ({@link relevance} below `minScore`).
 *
 * Pure: the caller passes a word segmenter (jieba in production). No I/O, no clock.
 */
import type { RequestType } from './reference.ts';

export const RULE_KINDS = ['required_element', 'forbidden_phrase', 'min_substance', 'relevance'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  required_element: '必备要素',
  forbidden_phrase: '禁用空话',
  min_substance: '最少实质内容',
  relevance: '答复相关度',
};

export const SEVERITIES = ['hint', 'warning', 'reject'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = {
  hint: '提示',
  warning: '警告',
  reject: '驳回建议',
};
const SEVERITY_RANK: Record<Severity, number> = { reject: 0, warning: 1, hint: 2 };

/** When a rule applies; every condition given must hold. */
export interface AppliesWhen {
  requestTypes?: RequestType[] | undefined;
  refused?: boolean | undefined;
  finalReply?: boolean | undefined;
}

export interface RequiredElementParams {
  /** Regular expressions (JavaScript syntax); one match is enough. */
  patterns: string[];
  appliesWhen?: AppliesWhen | undefined;
  /** For the contact rule: the handler's self-check 「已联系市民」 counts as the element. */
  acceptContactFlag?: boolean | undefined;
  message: string;
}
export interface ForbiddenPhraseParams {
  phrases: string[];
  maxOtherChars: number;
  appliesWhen?: AppliesWhen | undefined;
  message: string;
}
export interface MinSubstanceParams {
  minChars: number;
  appliesWhen?: AppliesWhen | undefined;
  message: string;
}
export interface RelevanceParams {
  minScore: number;
  appliesWhen?: AppliesWhen | undefined;
  message: string;
}

export type RuleParams = RequiredElementParams | ForbiddenPhraseParams | MinSubstanceParams | RelevanceParams;

export interface ReviewRule {
  code: string;
  name: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  params: RuleParams;
}

export interface ReplyUnderReview {
  requestTitle: string;
  requestContent: string;
  requestType: RequestType | null;
  reply: string;
  finalReply?: boolean | undefined;
  /** Whether the reply refuses the demand; inferred from the text by {@link looksRefused} when absent. */
  refused?: boolean | undefined;
  /** The handler's self-check 「已联系市民」. */
  contactedCitizen?: boolean | undefined;
}

export interface ReviewFlag {
  ruleCode: string;
  ruleName: string;
  severity: Severity;
  message: string;
  evidence?: string | undefined;
}

export interface ReviewResult {
  flags: ReviewFlag[];
  relevance: number;
  refused: boolean;
  substanceChars: number;
}

export type Tokenise = (text: string) => string[];

// ---------------------------------------------------------------------------------------------
// Text helpers

/**
 * Courtesy and procedure that say nothing about the matter: greetings, thanks, 「已收悉」, 「现回复如下」,
 * dates and signatures. Removed before substance is counted.
 */
export const BOILERPLATE: readonly RegExp[] = [
  /(网友|市民|尊敬的|亲爱的)?[^，。！：:,\s]{0,16}(同志|网友|市民|先生|女士)?[，,：:]?\s*(您|你)好[！!，,。：:]?/g,
  /(首先|再次|非常|十分)?(衷心)?(感谢|谢谢)(您|你)[^。！!]{0,40}[。！!]?/g,
  /(现将|现就|现对|现)?[^。，]{0,30}(调查|核实|处理|办理)?(情况)?(答复|回复)如下[：:]?/g,
  /[^。，,]{0,40}(已收悉|收到|已悉)[。，,！!]?/g,
  /(关于|针对|对于|就)?(您|你|网友|市民)?(所)?(反映|反应|咨询|提出|来信|留言)的?[^。，,]{0,8}(问题|情况|事项|诉求|建议)[，,：:。]?/g,
  /(欢迎|如有|若有)[^。]{0,40}(咨询|联系|来电|监督)[^。]{0,30}[。！!]?/g,
  /\d{4}年\d{1,2}月\d{1,2}日/g,
  /\d{4}[/-]\d{1,2}[/-]\d{1,2}/g,
];

const CHARS = /[\p{Script=Han}\p{L}\p{N}]/gu;

/** Counted characters: Han characters, letters and digits (punctuation and spaces do not count). */
export function countChars(text: string): number {
  return text.match(CHARS)?.length ?? 0;
}

const QUOTED = /[“"「『]([^”"」』]{2,80})[”"」』]/g;

function charBigrams(s: string): Set<string> {
  const chars = s.match(CHARS) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * The reply without the request's title echoed back (exactly, or as a quoted span whose character
 * bigrams mostly match the title): repeating the title is not an answer, and would inflate relevance.
 */
export function withoutEchoedTitle(reply: string, title: string): string {
  const t = title.trim();
  let out = t.length >= 4 ? reply.split(t).join('') : reply;
  const tb = charBigrams(t);
  if (tb.size >= 3) {
    out = out.replace(QUOTED, (whole, inner: string) => {
      const qb = charBigrams(inner);
      let hit = 0;
      for (const b of qb) if (tb.has(b)) hit++;
      return qb.size > 0 && hit / qb.size >= 0.5 ? '' : whole;
    });
  }
  return out;
}

/** The reply with the echoed title and {@link BOILERPLATE} taken out. */
export function stripBoilerplate(reply: string, title = ''): string {
  let out = withoutEchoedTitle(reply, title);
  for (const re of BOILERPLATE) out = out.replace(re, ' ');
  return out;
}

/** Characters of substance: {@link countChars} of {@link stripBoilerplate}. */
export function substanceOf(reply: string, title = ''): number {
  return countChars(stripBoilerplate(reply, title));
}

/** Signs that a reply refuses the demand (不予受理, 不符合条件, 不属于职责范围, 无法满足 …). */
export const REFUSAL_PATTERN =
  /不予(受理|支持|办理|采纳|批准|解决|认定|补偿|立案|登记|审批)|无法(满足|办理|解决|支持|受理|实现|同意)|不符合[^。，]{0,20}(条件|规定|政策|要求|标准)|不属于[^。，]{0,20}(范围|职责|职权|管辖)|暂(时)?不(能|予|具备)|不能(办理|满足|支持|享受|同意)|不在[^。，]{0,12}范围/;

export function looksRefused(reply: string): boolean {
  return REFUSAL_PATTERN.test(reply);
}

// ---------------------------------------------------------------------------------------------
// Relevance

/** Function words and hotline boilerplate that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `的 了 和 与 及 或 是 在 有 我 我们 你 您 他 她 它 他们 这 那 这个 那个 这些 那些 就 也 都 而 但 但是 并 并且 对 对于 关于 为 为了 把 被 让 给 从 向 到 于 以 等 中 上 下 里 后 前 时 已 已经 还 又 再 很 非常 十分 没有 不 没 能 能否 可以 可能 应该 要 会 将 请 希望 问题 情况 反映 您好 你好 网友 市民 同志 感谢 谢谢 支持 关心 工作 有关 相关 部门 回复 答复 如下 现 留言 收悉 处理 进行 一下 一个 什么 怎么 如何 为什么 目前 现在 今年 去年 年 月 日 号 大家 自己 本人 一直 通过 目前 以及 其 之 个 些 啊 呢 吧 吗 呀 哦`.split(
    /\s+/,
  ),
);

/** Content words: at least two characters, not a stop word, not a number, not an anonymised code. */
export function contentWords(words: readonly string[]): string[] {
  return words.filter((w) => {
    const t = w.trim();
    if (t.length < 2 || STOP_WORDS.has(t)) return false;
    if (!/[\p{Script=Han}\p{L}]/u.test(t)) return false;
    // The contest data anonymises places as A市, A3区, A00012345: not topical.
    if (/^[a-z]\d*(市|区|县)?$/i.test(t) || /^[a-z]+\d{3,}$/i.test(t)) return false;
    return true;
  });
}

/**
 * Relevance of a reply to its request, in [0, 1]: the cosine of the two bags of content words
 * weighted by (1 + log tf) × idf (idf = 1 for every word when no table is given). Chosen over
 * {@link coverageRelevance} and character bigrams by how well it tells a request's own reply from
 * another request's reply on 2,816 real replies (docs/evaluations.md).
 */
export function relevance(
  requestWords: readonly string[],
  replyWords: readonly string[],
  idf?: ReadonlyMap<string, number>,
): number {
  const a = weights(requestWords, idf);
  const b = weights(replyWords, idf);
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  for (const [w, x] of a) {
    const y = b.get(w);
    if (y) dot += x * y;
  }
  const na = Math.sqrt([...a.values()].reduce((s, x) => s + x * x, 0));
  const nb = Math.sqrt([...b.values()].reduce((s, x) => s + x * x, 0));
  return na && nb ? Math.min(1, dot / (na * nb)) : 0;
}

/**
 * Relevance of a reply to its request, in [0, 1]: of the request's `top` most weighted content
 * words ((1 + log tf) × idf), the weighted share that the reply uses. Unlike a cosine it does not
 * punish a long, detailed reply; it separated own from other replies less well than the cosine.
 */
export function coverageRelevance(
  requestWords: readonly string[],
  replyWords: readonly string[],
  idf?: ReadonlyMap<string, number>,
  top = 12,
): number {
  const a = [...weights(requestWords, idf)]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, top);
  if (a.length === 0) return 0;
  const reply = new Set(contentWords(replyWords));
  if (reply.size === 0) return 0;
  let hit = 0;
  let all = 0;
  for (const [w, x] of a) {
    all += x;
    if (reply.has(w)) hit += x;
  }
  return all ? hit / all : 0;
}

function weights(words: readonly string[], idf?: ReadonlyMap<string, number>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const w of contentWords(words)) tf.set(w, (tf.get(w) ?? 0) + 1);
  const out = new Map<string, number>();
  const fallback = idf ? Math.max(1, ...idf.values()) : 1; // unseen words are rare words
  for (const [w, n] of tf) out.set(w, (1 + Math.log(n)) * (idf ? (idf.get(w) ?? fallback) : 1));
  return out;
}

/** idf(w) = log((1 + N) / (1 + df(w))) + 1 over a collection of documents (each a word list). */
export function idfTable(docs: Iterable<readonly string[]>): Map<string, number> {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of docs) {
    n++;
    for (const w of new Set(contentWords(d))) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const [w, c] of df) out.set(w, Math.log((1 + n) / (1 + c)) + 1);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function applies(when: AppliesWhen | undefined, r: ReplyUnderReview, refused: boolean): boolean {
  if (!when) return true;
  // An unknown request type counts as any type (the rule applies).
  if (when.requestTypes?.length && r.requestType && !when.requestTypes.includes(r.requestType)) return false;
  if (when.refused !== undefined && when.refused !== refused) return false;
  if (when.finalReply !== undefined && when.finalReply !== (r.finalReply ?? false)) return false;
  return true;
}

const excerpt = (s: string, max = 40) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

/** Compiles a pattern list; a bad pattern is reported by {@link checkRuleParams}, skipped here. */
function compile(patterns: readonly string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns) {
    try {
      out.push(new RegExp(p));
    } catch {
      /* reported on save */
    }
  }
  return out;
}

/**
 * Evaluates the enabled rules on one reply. Flags come most severe first, then in rule-code order.
 * `idf` sharpens relevance when the caller has a collection to learn it from.
 */
export function evaluateReply(
  r: ReplyUnderReview,
  rules: readonly ReviewRule[],
  tokenise: Tokenise,
  idf?: ReadonlyMap<string, number>,
): ReviewResult {
  const refused = r.refused ?? looksRefused(r.reply);
  const stripped = stripBoilerplate(r.reply, r.requestTitle);
  const substanceChars = countChars(stripped);
  const score = relevance(
    tokenise(`${r.requestTitle} ${r.requestContent}`),
    tokenise(withoutEchoedTitle(r.reply, r.requestTitle)),
    idf,
  );
  const flags: ReviewFlag[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const flag = (message: string, evidence?: string) =>
      flags.push({ ruleCode: rule.code, ruleName: rule.name, severity: rule.severity, message, evidence });
    switch (rule.kind) {
      case 'required_element': {
        const p = rule.params as RequiredElementParams;
        if (!applies(p.appliesWhen, r, refused)) break;
        if (p.acceptContactFlag && r.contactedCitizen) break;
        if (!compile(p.patterns).some((re) => re.test(r.reply))) flag(p.message);
        break;
      }
      case 'forbidden_phrase': {
        const p = rule.params as ForbiddenPhraseParams;
        if (!applies(p.appliesWhen, r, refused)) break;
        const found = p.phrases.filter((ph) => ph && r.reply.includes(ph));
        if (found.length === 0) break;
        let rest = stripped;
        for (const ph of found) rest = rest.split(ph).join(' ');
        const other = countChars(rest);
        if (other < p.maxOtherChars) flag(`${p.message}（除套话外仅 ${other} 字）`, found.join('、'));
        break;
      }
      case 'min_substance': {
        const p = rule.params as MinSubstanceParams;
        if (!applies(p.appliesWhen, r, refused)) break;
        if (substanceChars < p.minChars)
          flag(`${p.message}（实质内容 ${substanceChars} 字，要求至少 ${p.minChars} 字）`, excerpt(stripped));
        break;
      }
      case 'relevance': {
        const p = rule.params as RelevanceParams;
        if (!applies(p.appliesWhen, r, refused)) break;
        if (score < p.minScore) flag(`${p.message}（相关度 ${score.toFixed(2)}，低于 ${p.minScore}）`);
        break;
      }
    }
  }
  const codeOrder = new Map(rules.map((x, i) => [x.code, i]));
  flags.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (codeOrder.get(a.ruleCode) ?? 0) - (codeOrder.get(b.ruleCode) ?? 0),
  );
  return { flags, relevance: Math.round(score * 1000) / 1000, refused, substanceChars };
}

// ---------------------------------------------------------------------------------------------
// Parameters: validation and defaults

export interface ParamProblem {
  field: string;
  message: string;
}

/** Checks a rule's parameters against its kind; null when they are fine. */
export function checkRuleParams(kind: RuleKind, params: Record<string, unknown>): ParamProblem | null {
  const msg = params.message;
  if (typeof msg !== 'string' || msg.trim() === '' || msg.length > 200)
    return { field: 'params.message', message: '提示语须为 1–200 字' };
  const list = (key: string, max: number): ParamProblem | null => {
    const v = params[key];
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      v.length > max ||
      v.some((x) => typeof x !== 'string' || !x.trim())
    )
      return { field: `params.${key}`, message: `须为 1–${max} 个非空字符串` };
    return null;
  };
  const num = (key: string, min: number, max: number): ParamProblem | null => {
    const v = params[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      return { field: `params.${key}`, message: `须为 ${min}–${max} 之间的数` };
    return null;
  };
  switch (kind) {
    case 'required_element': {
      const bad = list('patterns', 100);
      if (bad) return bad;
      for (const p of params.patterns as string[]) {
        try {
          new RegExp(p);
        } catch {
          return { field: 'params.patterns', message: `不是有效的正则表达式：${p}` };
        }
      }
      return null;
    }
    case 'forbidden_phrase':
      return list('phrases', 200) ?? num('maxOtherChars', 0, 2000);
    case 'min_substance':
      return num('minChars', 1, 5000);
    case 'relevance':
      return num('minScore', 0, 1);
  }
}

const CONTACT =
  '(电话|致电|来电|短信|微信|上门|当面|现场|面对面)[^。]{0,12}(联系|沟通|告知|回访|解释|答复|交流)|(联系|联络|沟通|约见|约谈|走访|拜访|回访|面谈|见面)[^。]{0,10}(您|你|网友|市民|来信人|留言人|当事人|反映人|投诉人|业主|家属|本人)|(与|和|同)(您|你|网友|市民|来信人|留言人|当事人|反映人|投诉人|业主)[^。]{0,12}(联系|沟通|见面|交流|协商|面谈)|已(电话)?告知(您|你|网友|当事人|投诉人)';
const ACTION =
  '经(调查|核实|核查|查|了解|现场|实地|走访|排查|检查|研究|协调|调解)|(已|已经)(要求|责令|督促|通知|安排|协调|约谈|组织|派)|将[^。]{0,20}(开展|整治|安排|组织|实施|改造|维修|修复|清理|拆除)|(已|现已|立即|随即|及时|当即|组织|安排|派出|责令|要求|督促|约谈|协调|对其|依法)[^。]{0,10}(整改|修复|维修|清理|清除|拆除|查处|处罚|处理完毕|下达|立案|更换|疏通|恢复|解决|完成|退还|发放|补发|开展|调查|核实|执法|暂扣|关停|停业|罚款|签订|落实)|现场(查看|核查|勘察|检查|调查|处置)|(迅速|立即|及时|实地|认真|进行|组织)[^。]{0,4}(调查|核实|核查|考察|勘察|查看)|(已|已经)(完成|修复|解决|整改|办理|安装|拆除|清理|发放|恢复)|(预计|计划|将于|争取)[^。]{0,20}(完成|完工|解决|到位|通车|开工|整改)';
const REASON = '|经(核实|核算|调查|查|审核|核查|研究|了解)|因(?![此而])';
const BASIS =
  '(根据|依据|按照|依照|参照|遵照)[^。]{0,40}(《|规定|条例|办法|法|意见|通知|政策|文件|标准|细则)|《[^》]{2,40}》|第[一二三四五六七八九十百零〇\\d]+条|(因为|由于|原因是|鉴于)';

/** The rules a new deployment starts with (migration 0008 seeds the same; see docs/evaluations.md). */
export const DEFAULT_RULES: readonly ReviewRule[] = [
  {
    code: 'R01_CONTACT',
    name: '联系市民',
    kind: 'required_element',
    severity: 'hint',
    enabled: true,
    params: {
      patterns: [CONTACT],
      appliesWhen: { requestTypes: ['help', 'complaint', 'report'] },
      acceptContactFlag: true,
      message: '答复未说明是否与市民联系沟通',
    },
  },
  {
    code: 'R02_ACTION',
    name: '说明办理措施',
    kind: 'required_element',
    severity: 'warning',
    enabled: true,
    params: {
      patterns: [ACTION],
      appliesWhen: { requestTypes: ['help', 'complaint', 'report'], refused: false },
      message: '答复未说明做了什么（调查核实、整改、处理结果或计划）',
    },
  },
  {
    code: 'R03_REFUSAL_BASIS',
    name: '不予支持须说明依据或理由',
    kind: 'required_element',
    severity: 'reject',
    enabled: true,
    params: {
      patterns: [BASIS + REASON],
      appliesWhen: { refused: true },
      message: '答复不予支持或无法办理，但未说明法律政策依据或理由',
    },
  },
  {
    code: 'R04_FINAL_BASIS',
    name: '最终答复须说明依据',
    kind: 'required_element',
    severity: 'reject',
    enabled: true,
    params: {
      patterns: [BASIS],
      appliesWhen: { finalReply: true },
      message: '最终答复须写明依据的法律法规或政策',
    },
  },
  {
    code: 'R05_EMPTY_PHRASE',
    name: '禁用空话套话',
    kind: 'forbidden_phrase',
    severity: 'reject',
    enabled: true,
    params: {
      phrases: [
        '已转交',
        '已转办',
        '已转至',
        '按规定办理',
        '按相关规定办理',
        '依法依规处理',
        '正在处理中',
        '将尽快处理',
        '高度重视',
      ],
      maxOtherChars: 30,
      message: '答复只有「已转交」「按规定办理」一类套话，没有实质内容',
    },
  },
  {
    code: 'R06_MIN_SUBSTANCE',
    name: '最少实质内容',
    kind: 'min_substance',
    severity: 'warning',
    enabled: true,
    params: { minChars: 30, message: '答复实质内容过少' },
  },
  {
    code: 'R07_RELEVANCE',
    name: '答复与诉求相关',
    kind: 'relevance',
    severity: 'warning',
    enabled: true,
    params: { minScore: 0.04, message: '答复与诉求内容关联度低，可能答非所问' },
  },
];
