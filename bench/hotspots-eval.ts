/**
 * 热点与预警 on real messages (the TipDM 2020 C hotspot messages with likes and dislikes, which stay
 * outside the repository): clusters the messages by text and place, ranks the clusters by the heat
 * index at their hottest 30-day window, prints the top hotspots with their messages, and runs the rise
 * detector on weekly counts per district and per place.
 *
 *   npm run eval:hotspots -- --data ../shared/data/tipdm2020c/hotspot_messages.xlsx [--top 5] [--threshold 0.45]
 *
 * The last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import { Segmenter } from '../packages/server/src/dispatch/model/segmenter.ts';
import { cleanText } from '../packages/server/src/dispatch/model/text.ts';
import {
  clusterMessages,
  DEFAULT_CLUSTER_OPTIONS,
  detectRise,
  extractPlaces,
  type HotMessage,
  peakWindow,
} from '../packages/server/src/domain/hotspots.ts';
import { contentWords } from '../packages/server/src/domain/reply-review.ts';
import { readSheet, toDate } from '../packages/server/src/hotspots/xlsx-rows.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    top: { type: 'string', default: '5' },
    threshold: { type: 'string', default: String(DEFAULT_CLUSTER_OPTIONS.threshold) },
    'window-days': { type: 'string', default: '30' },
    messages: { type: 'string', default: '8' },
  },
});
if (!values.data) {
  console.error('usage: npm run eval:hotspots -- --data hotspot_messages.xlsx');
  process.exit(2);
}
const DAY = 86_400_000;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const short = (s: string, n = 40) => {
  const t = cleanText(s)
    .replace(/\uE000/g, '<电话>')
    .replace(/\uE001/g, '<证件号>')
    .replace(/\uE002/g, '<数字>');
  return t.length > n ? `${t.slice(0, n)}…` : t;
};
const started = performance.now();
const raw = await readSheet(values.data);
const seg = new Segmenter();
// The contest anonymised places as A市, A7县: taken out so that jieba does not glue them to names.
const tok = (s: string) => seg.cut(cleanText(s.replace(/[A-Za-z]\d{0,2}(市|区|县)/g, ' ')));
let badDates = 0;
const rows = raw.flatMap((r) => {
  const at = toDate(r['留言时间'] ?? null);
  if (!at) {
    badDates++;
    return [];
  }
  const title = String(r['留言主题'] ?? '').trim();
  const detail = String(r['留言详情'] ?? '').trim();
  return [
    {
      id: String(r['留言编号'] ?? ''),
      title,
      detail,
      at,
      user: String(r['留言用户'] ?? ''),
      likes: Number(r['点赞数'] ?? 0) || 0,
      dislikes: Number(r['反对数'] ?? 0) || 0,
    },
  ];
});
const messages: HotMessage[] = rows.map((r) => ({
  id: r.id,
  at: r.at.getTime(),
  person: r.user,
  words: contentWords(tok(`${r.title} ${r.detail}`)),
  titleWords: contentWords(tok(r.title)),
  places: extractPlaces(`${r.title} ${r.detail}`),
  likes: r.likes,
  dislikes: r.dislikes,
}));
const prepared = performance.now();
const clusters = clusterMessages(messages, { threshold: Number(values.threshold) });
const clustered = performance.now();
const windowMs = Number(values['window-days']) * DAY;
const ranked = clusters
  .map((c) => ({
    c,
    members: c.members.map((i) => messages[i] as HotMessage),
    peak: peakWindow(
      c.members.map((i) => messages[i] as HotMessage),
      windowMs,
    ),
  }))
  .filter((x) => x.peak !== null)
  .sort((a, b) => (b.peak?.heat ?? 0) - (a.peak?.heat ?? 0));
const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const top = ranked.slice(0, Number(values.top));
top.forEach((h, k) => {
  const p = h.peak!;
  console.log(
    `\n#${k + 1} 热度 ${p.heat}  ${day(p.from)}…${day(p.to - 1)}  人数 ${p.figures.people}（前窗 ${p.figures.previousPeople}） 留言 ${p.figures.messages}/${h.members.length}  赞 ${p.figures.likes} 踩 ${p.figures.dislikes}`,
  );
  console.log(`   地点: ${h.c.places.join('、') || '—'}  关键词: ${h.c.terms.join(' ')}`);
  const inPeak = h.c.members.filter((i) => messages[i]!.at >= p.from && messages[i]!.at < p.to);
  for (const i of inPeak.slice(0, Number(values.messages))) {
    const r = rows[i]!;
    console.log(`   ${r.id} ${day(r.at.getTime())} 赞${r.likes} ${short(r.title, 36)}`);
  }
});

// Rise detector: weekly counts per district code (A1区 … ) and per place named in 3+ messages.
const weekOf = (ms: number) => Math.floor((ms + 8 * 3600_000 - 4 * DAY) / (7 * DAY)); // weeks start Monday
const minWeek = Math.min(...messages.map((m) => weekOf(m.at)));
const maxWeek = Math.max(...messages.map((m) => weekOf(m.at)));
const series = new Map<string, number[]>();
const bump = (key: string, w: number) => {
  let s = series.get(key);
  if (!s) series.set(key, (s = new Array(maxWeek - minWeek + 1).fill(0)));
  s[w - minWeek] = (s[w - minWeek] ?? 0) + 1;
};
rows.forEach((r, i) => {
  const w = weekOf(messages[i]!.at);
  const district = `${r.title} ${r.detail}`.match(/A\d{1,2}[区县市]/)?.[0];
  if (district) bump(`区县:${district}`, w);
  for (const p of messages[i]!.places.slice(0, 2)) bump(`地点:${p}`, w);
});
const warnings: {
  key: string;
  week: string;
  observed: number;
  expected: number;
  ratio: number;
  pValue: number;
  z: number;
}[] = [];
for (const [key, s] of series) {
  if (s.reduce((a, b) => a + b, 0) < 3) continue;
  for (let w = 8; w < s.length; w++) {
    const rise = detectRise(s.slice(0, w + 1));
    if (rise) warnings.push({ key, week: day((w + minWeek) * 7 * DAY + 4 * DAY - 8 * 3600_000), ...rise });
  }
}
warnings.sort((a, b) => a.pValue - b.pValue || b.observed - a.observed);
console.log(`\n预警（按周，共 ${warnings.length} 条；区县与地点各前 6 条）`);
for (const w of [
  ...warnings.filter((x) => x.key.startsWith('区县')).slice(0, 6),
  ...warnings.filter((x) => x.key.startsWith('地点')).slice(0, 6),
])
  console.log(
    `   ${w.week} ${w.key} 本周 ${w.observed} 常态 ${w.expected} 倍数 ${w.ratio} p=${w.pValue} z=${w.z}`,
  );

const sizes = clusters.map((c) => new Set(c.members.map((i) => messages[i]!.person)).size);
console.log(
  JSON.stringify({
    messages: messages.length,
    unreadableDates: badDates,
    withPlace: round(messages.filter((m) => m.places.length > 0).length / messages.length),
    clusters: clusters.length,
    clustersWith2PlusPeople: sizes.filter((n) => n >= 2).length,
    clustersWith5PlusPeople: sizes.filter((n) => n >= 5).length,
    largestClusterPeople: Math.max(...sizes),
    threshold: Number(values.threshold),
    windowDays: Number(values['window-days']),
    top: top.map((h) => ({
      heat: h.peak!.heat,
      people: h.peak!.figures.people,
      messages: h.members.length,
      likes: h.peak!.figures.likes,
      places: h.c.places,
      ids: h.c.members.map((i) => rows[i]!.id).slice(0, 20),
    })),
    riseWarnings: warnings.length,
    riseWarningKeys: [...new Set(warnings.map((w) => w.key))].length,
    prepareMs: Math.round(prepared - started),
    clusterMs: Math.round(clustered - prepared),
  }),
);
