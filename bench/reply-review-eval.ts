/**
 * 答复审核规则 on real replies (the TipDM 2020 C replies, which stay outside the repository): the share
 * of replies each default rule flags, overall, and a few flagged examples per rule; and how well the
 * relevance score tells a request's own reply from a reply to another request (AUC per variant).
 *
 *   npm run eval:replies -- --data ../shared/data/tipdm2020c/replies.xlsx [--examples 6]
 *
 * The data has no request type: it is guessed from the title (咨询 / 建议 / otherwise 投诉). Examples
 * are printed first; the last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import { Segmenter } from '../packages/server/src/dispatch/model/segmenter.ts';
import { bigrams, jaccard } from '../packages/server/src/dispatch/model/similarity.ts';
import { cleanText } from '../packages/server/src/dispatch/model/text.ts';
import type { RequestType } from '../packages/server/src/domain/reference.ts';
import {
  coverageRelevance,
  DEFAULT_RULES,
  evaluateReply,
  idfTable,
  relevance,
  withoutEchoedTitle,
} from '../packages/server/src/domain/reply-review.ts';
import { readSheet } from '../packages/server/src/hotspots/xlsx-rows.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    examples: { type: 'string', default: '6' },
    seed: { type: 'string', default: '7' },
  },
});
if (!values.data) {
  console.error('usage: npm run eval:replies -- --data replies.xlsx');
  process.exit(2);
}
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const short = (s: string, n = 60) => {
  const t = cleanText(s)
    .replace(/\uE000/g, '<电话>')
    .replace(/\uE001/g, '<证件号>')
    .replace(/\uE002/g, '<数字>');
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

const guessType = (title: string): RequestType =>
  /咨询|请问|能否|可否|是否|怎么办|如何|怎样|多久|什么时候|哪里|吗[?？]?$|[?？]$/.test(title)
    ? 'consultation'
    : /建议|提议|倡议/.test(title)
      ? 'suggestion'
      : 'complaint';

const rows = (await readSheet(values.data))
  .map((r) => ({
    id: String(r['留言编号'] ?? ''),
    title: String(r['留言主题'] ?? '').trim(),
    content: String(r['留言详情'] ?? '').trim(),
    reply: String(r['答复意见'] ?? '').trim(),
  }))
  .filter((r) => r.reply !== '');
const seg = new Segmenter();
// The contest anonymised places as A市, A7县: taken out so that jieba does not glue them to names.
const tok = (s: string) => seg.cut(cleanText(s.replace(/[A-Za-z]\d{0,2}(市|区|县)/g, ' ')));
const reqWords = rows.map((r) => tok(`${r.title} ${r.content}`));
const repWords = rows.map((r) => tok(withoutEchoedTitle(r.reply, r.title)));
const idf = idfTable([...reqWords, ...repWords]);

// Relevance variants: own reply vs the reply of another request (a fixed derangement), AUC.
let state = Number(values.seed);
const rand = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const other = rows.map((_, i) => (i + 1 + Math.floor(rand() * (rows.length - 1))) % rows.length);
const variants: Record<string, (i: number, j: number) => number> = {
  cosine_tfidf: (i, j) => relevance(reqWords[i]!, repWords[j]!, idf),
  cosine_tf: (i, j) => relevance(reqWords[i]!, repWords[j]!),
  coverage_tfidf_top12: (i, j) => coverageRelevance(reqWords[i]!, repWords[j]!, idf),
  char_bigram_jaccard: (i, j) =>
    jaccard(
      bigrams(`${rows[i]!.title} ${rows[i]!.content}`),
      bigrams(withoutEchoedTitle(rows[j]!.reply, rows[j]!.title)),
    ),
};
const auc = (pos: number[], neg: number[]) => {
  const all = [...pos.map((v) => [v, 1] as const), ...neg.map((v) => [v, 0] as const)].sort(
    (a, b) => a[0] - b[0],
  );
  let sumPos = 0;
  for (let k = 0; k < all.length; ) {
    let e = k;
    while (e < all.length && all[e]![0] === all[k]![0]) e++;
    const avg = (k + 1 + e) / 2;
    for (let m = k; m < e; m++) if (all[m]![1] === 1) sumPos += avg;
    k = e;
  }
  return (sumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const relevanceFigures: Record<string, unknown> = {};
for (const [name, f] of Object.entries(variants)) {
  const pos = rows.map((_, i) => f(i, i));
  const neg = rows.map((_, i) => f(i, other[i]!));
  relevanceFigures[name] = {
    auc: round(auc(pos, neg)),
    ownMedian: round(quantile(pos, 0.5)),
    ownP05: round(quantile(pos, 0.05)),
    otherMedian: round(quantile(neg, 0.5)),
    otherP95: round(quantile(neg, 0.95)),
  };
}

// Rules.
const counts = new Map<string, number>();
const examples = new Map<string, string[]>();
let flaggedAny = 0;
let severe = 0;
const types = new Map<string, number>();
let refusedCount = 0;
const relevances: number[] = [];
const substances: number[] = [];
const order = rows.map((_, i) => i).sort(() => rand() - 0.5);
for (const i of order) {
  const r = rows[i]!;
  const requestType = guessType(r.title);
  types.set(requestType, (types.get(requestType) ?? 0) + 1);
  const res = evaluateReply(
    { requestTitle: r.title, requestContent: r.content, requestType, reply: r.reply },
    DEFAULT_RULES,
    tok,
    idf,
  );
  relevances.push(res.relevance);
  substances.push(res.substanceChars);
  if (res.refused) refusedCount++;
  if (res.flags.length) flaggedAny++;
  if (res.flags.some((f) => f.severity === 'reject')) severe++;
  for (const f of res.flags) {
    counts.set(f.ruleCode, (counts.get(f.ruleCode) ?? 0) + 1);
    const list = examples.get(f.ruleCode) ?? [];
    if (list.length < Number(values.examples))
      list.push(
        `#${r.id} [${requestType}] 题:${short(r.title, 30)} | 答:${short(r.reply, 110)} | ${f.message}${f.evidence ? ` | 证据:${f.evidence}` : ''}`,
      );
    examples.set(f.ruleCode, list);
  }
}
for (const rule of DEFAULT_RULES) {
  console.log(`\n== ${rule.code} ${rule.name}: ${counts.get(rule.code) ?? 0} / ${rows.length}`);
  for (const e of examples.get(rule.code) ?? []) console.log(`  ${e}`);
}
const figures = {
  replies: rows.length,
  guessedTypes: Object.fromEntries(types),
  refusedShare: round(refusedCount / rows.length),
  flaggedShare: Object.fromEntries(
    DEFAULT_RULES.map((x) => [x.code, round((counts.get(x.code) ?? 0) / rows.length)]),
  ),
  anyFlagShare: round(flaggedAny / rows.length),
  rejectSuggestedShare: round(severe / rows.length),
  relevanceMedian: round(quantile(relevances, 0.5)),
  substanceFlagShareAt: Object.fromEntries(
    [20, 30, 40, 50, 60].map((m) => [m, round(substances.filter((x) => x < m).length / rows.length)]),
  ),
  relevanceFlagShareAt: Object.fromEntries(
    [0.02, 0.03, 0.04, 0.05, 0.06, 0.08].map((m) => [
      m,
      round(relevances.filter((x) => x < m).length / rows.length),
    ]),
  ),
  relevanceVariants: relevanceFigures,
};
console.log(JSON.stringify(figures));
