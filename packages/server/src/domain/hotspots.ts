/**
 * 热点与预警 (hotspots and early warning), pure rules:
 *
 * - {@link extractPlaces} — specific place names in a text (小区, 路, 村, 学校 …) when no gazetteer
 *   names them;
 * - {@link clusterMessages} — messages about one matter, by text (TF-IDF of content words) and place,
 *   joined only while the matter stays active (a message joins a cluster whose last message is at most
 *   `gapMs` older);
 * - {@link windowFigures} / {@link peakWindow} — people, growth and likes of a cluster in a window;
 * - {@link heatIndex} — one number to rank hotspots by;
 * - {@link detectRise} — a category or place far above its usual level (Poisson tail over a baseline).
 *
 * No I/O, no clock: callers pass words (jieba in production) and instants (epoch milliseconds).
 */

// ---------------------------------------------------------------------------------------------
// Places

const PLACE_SUFFIX =
  '小区|花园|花苑|家园|公寓|大厦|广场|新城|新村|山庄|公馆|华府|雅苑|名苑|苑|社区|村|镇|乡|街道|大道|路|街|巷|学校|小学|中学|大学|学院|幼儿园|医院|卫生院|市场|工业园|产业园|园区|车站|地铁站|高铁站|大桥|桥|湖|公园|商城|中心|项目|工地|搅拌站|加油站';
const PLACE_RE = new RegExp(`([\\p{Script=Han}A-Za-z0-9]{2,8}?)(${PLACE_SUFFIX})`, 'gu');
// A place name starts after these (市/区/县 end an administrative prefix; 的/在/于 … are not names).
const NAME_BOUNDARY =
  /.*[市区县省州的在于是了和与及从到对把向给里位近旁边将被为我你他她它们该这那个距临过有不每一或]/u;
// Request words before a name (投诉小区…, 希望…).
const LEAD_WORDS = /^(投诉|反映|反应|关于|咨询|请求|希望|建议|举报|要求|恳请|强烈)+/u;
// Names that are no places: generic words before a suffix.
const GENERIC = new Set([
  '小区',
  '我们小区',
  '本小区',
  '该小区',
  '周边小区',
  '附近小区',
  '老旧小区',
  '整个小区',
  '道路',
  '马路',
  '公路',
  '水泥路',
  '柏油路',
  '小路',
  '村道',
  '城市',
  '农村',
  '乡村',
  '街道',
  '社区',
  '学校',
  '医院',
  '市场',
  '公园',
  '中心',
  '项目',
  '工地',
  '政府',
  '人民政府',
  '人行天桥',
  '铁路',
]);

/**
 * Specific place names in a text, in order of first mention, without duplicates: a name of 2–10
 * characters before a place word (景蓉华苑, 潇楚南路, 金鼎村), cut after an administrative prefix
 * (A市A2区桂花坪街道 → 桂花坪街道). Digits and letters alone are no name.
 */
export function extractPlaces(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(PLACE_RE)) {
    let name = `${m[1]}${m[2]}`;
    const cut = name.slice(0, -(m[2] as string).length).match(NAME_BOUNDARY);
    if (cut) name = name.slice(cut[0].length);
    name = name.replace(LEAD_WORDS, '');
    if (name.length - (m[2] as string).length < 2) continue;
    if (!/\p{Script=Han}{2}/u.test(name.slice(0, -(m[2] as string).length))) continue;
    if (GENERIC.has(name) || out.includes(name)) continue;
    out.push(name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clustering

export interface HotMessage {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  /** Who raised it (user, phone hash): distinct people make heat, not repeated posts. */
  person: string;
  /** Content words of title and text. */
  words: readonly string[];
  /** Content words of the title: counted twice (titles name the matter). */
  titleWords?: readonly string[] | undefined;
  /** Specific places (from a gazetteer, a region unit, or {@link extractPlaces}). */
  places: readonly string[];
  likes?: number | null | undefined;
  dislikes?: number | null | undefined;
  category?: string | null | undefined;
}

export interface ClusterOptions {
  /** Score (cosine + place term) needed to join a cluster. */
  threshold: number;
  /** A message joins only a cluster whose last message is at most this old. */
  gapMs: number;
  /** Added when the message and the cluster name a common place ({@link samePlace}). */
  placeBonus: number;
  /** Subtracted when both name places and none is common. */
  placePenalty: number;
  /** Terms kept per message vector. */
  maxTerms: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  threshold: 0.45,
  gapMs: 60 * 86_400_000,
  placeBonus: 0.2,
  placePenalty: 0.3,
  maxTerms: 30,
};

export interface Cluster {
  /** Indexes into the input, oldest first. */
  members: number[];
  /** The most weighted terms of the centroid. */
  terms: string[];
  /** Places named, most often first. */
  places: string[];
}

/** idf(w) = ln((1 + N) / (1 + df)) + 1 over the messages' words. */
export function messageIdf(messages: readonly Pick<HotMessage, 'words'>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const m of messages) for (const w of new Set(m.words)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = messages.length;
  const out = new Map<string, number>();
  for (const [w, c] of df) out.set(w, Math.log((1 + n) / (1 + c)) + 1);
  return out;
}

function vectorOf(m: HotMessage, idf: ReadonlyMap<string, number>, maxTerms: number): Map<string, number> {
  const tf = new Map<string, number>();
  for (const w of m.words) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const w of m.titleWords ?? []) tf.set(w, (tf.get(w) ?? 0) + 1);
  const entries = [...tf]
    .map(([w, n]) => [w, (1 + Math.log(n)) * (idf.get(w) ?? 1)] as [string, number])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms);
  const norm = Math.sqrt(entries.reduce((s, [, x]) => s + x * x, 0)) || 1;
  return new Map(entries.map(([w, x]) => [w, x / norm]));
}

/**
 * Two place names name the same place when one contains the other (滨河苑 / 伊景园滨河苑) or they
 * share a first three characters (绿地海外滩小区 / 绿地海外滩二期小区).
 */
export function samePlace(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 3 && l.includes(s)) return true;
  return a.length >= 3 && b.length >= 3 && a.slice(0, 3) === b.slice(0, 3);
}

interface Work {
  members: number[];
  sum: Map<string, number>;
  norm2: number;
  places: Map<string, number>;
  lastAt: number;
}

/**
 * Leader clustering in time order: each message joins the active cluster whose centroid it is most
 * similar to (cosine of TF-IDF vectors, plus `placeBonus` for a common place or minus `placePenalty`
 * when both name different places) when the score reaches `threshold`, else starts a cluster.
 * Deterministic: ties go to the older cluster; equal instants keep input order.
 */
export function clusterMessages(
  messages: readonly HotMessage[],
  options: Partial<ClusterOptions> = {},
  idf: ReadonlyMap<string, number> = messageIdf(messages),
): Cluster[] {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const order = messages
    .map((_, i) => i)
    .sort((a, b) => (messages[a]?.at ?? 0) - (messages[b]?.at ?? 0) || a - b);
  const clusters: Work[] = [];
  const index = new Map<string, Set<number>>();
  for (const i of order) {
    const m = messages[i] as HotMessage;
    const v = vectorOf(m, idf, o.maxTerms);
    const candidates = new Set<number>();
    for (const w of v.keys()) for (const c of index.get(w) ?? []) candidates.add(c);
    let best = -1;
    let bestScore = -Infinity;
    for (const c of [...candidates].sort((a, b) => a - b)) {
      const k = clusters[c] as Work;
      if (m.at - k.lastAt > o.gapMs) continue;
      let dot = 0;
      for (const [w, x] of v) dot += x * (k.sum.get(w) ?? 0);
      let score = k.norm2 > 0 ? dot / Math.sqrt(k.norm2) : 0;
      if (m.places.length > 0 && k.places.size > 0)
        score += m.places.some((p) => k.places.has(p) || [...k.places.keys()].some((q) => samePlace(p, q)))
          ? o.placeBonus
          : -o.placePenalty;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    let k: Work;
    if (best >= 0 && bestScore >= o.threshold) k = clusters[best] as Work;
    else {
      k = { members: [], sum: new Map(), norm2: 0, places: new Map(), lastAt: m.at };
      clusters.push(k);
      best = clusters.length - 1;
    }
    k.members.push(i);
    k.lastAt = Math.max(k.lastAt, m.at);
    for (const [w, x] of v) {
      const before = k.sum.get(w) ?? 0;
      k.sum.set(w, before + x);
      k.norm2 += (before + x) ** 2 - before ** 2;
      let set = index.get(w);
      if (!set) index.set(w, (set = new Set()));
      set.add(best);
    }
    for (const p of m.places) k.places.set(p, (k.places.get(p) ?? 0) + 1);
  }
  const byCount = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([w]) => w);
  return clusters.map((k) => ({
    members: k.members,
    terms: byCount(k.sum, 8),
    places: byCount(k.places, 3),
  }));
}

// ---------------------------------------------------------------------------------------------
// Heat

export interface WindowFigures {
  /** Distinct people in [from, to). */
  people: number;
  messages: number;
  /** Distinct people in the window of the same length just before. */
  previousPeople: number;
  likes: number;
  dislikes: number;
}

/** A cluster's figures in [from, to) and the window before it. Likes count for messages in the window. */
export function windowFigures(members: readonly HotMessage[], from: number, to: number): WindowFigures {
  const len = to - from;
  const now = new Set<string>();
  const before = new Set<string>();
  let messages = 0;
  let likes = 0;
  let dislikes = 0;
  for (const m of members) {
    if (m.at >= from && m.at < to) {
      now.add(m.person);
      messages++;
      likes += Math.max(0, m.likes ?? 0);
      dislikes += Math.max(0, m.dislikes ?? 0);
    } else if (m.at >= from - len && m.at < from) before.add(m.person);
  }
  return { people: now.size, messages, previousPeople: before.size, likes, dislikes };
}

export interface HeatWeights {
  /** Weight of log2(1 + net likes) beside log2(1 + people). */
  likes: number;
  /** Weight of growth: the heat is multiplied by 1 + growth × this. */
  growth: number;
  /** Growth is capped (a new matter of 3 people should not beat an old one of 30 by growth alone). */
  maxGrowth: number;
}
export const DEFAULT_HEAT_WEIGHTS: HeatWeights = { likes: 0.35, growth: 0.25, maxGrowth: 2 };

/** Growth of people against the previous window: (now − before) / (before + 1), in [0, maxGrowth]. */
export function growthOf(f: Pick<WindowFigures, 'people' | 'previousPeople'>, maxGrowth = 2): number {
  return Math.min(maxGrowth, Math.max(0, (f.people - f.previousPeople) / (f.previousPeople + 1)));
}

/**
 * 热度指数: (log2(1 + people) + likes × log2(1 + max(0, likes − dislikes))) × (1 + growth × g),
 * g = {@link growthOf}. People dominate (doubling the people adds 1), likes count where the channel
 * has them (≈ 7 net likes weigh like one more doubling at the default weight 0.35), and a matter that
 * is rising is lifted by up to 50 %. Rounded to 2 decimals.
 */
export function heatIndex(f: WindowFigures, w: HeatWeights = DEFAULT_HEAT_WEIGHTS): number {
  if (f.people === 0) return 0;
  const base = Math.log2(1 + f.people) + w.likes * Math.log2(1 + Math.max(0, f.likes - f.dislikes));
  return Math.round(base * (1 + w.growth * growthOf(f, w.maxGrowth)) * 100) / 100;
}

/**
 * The window of length `windowMs` (starting at one of the members' instants) where the cluster is
 * hottest, with its figures and heat. Null for an empty cluster.
 */
export function peakWindow(
  members: readonly HotMessage[],
  windowMs: number,
  w: HeatWeights = DEFAULT_HEAT_WEIGHTS,
): { from: number; to: number; figures: WindowFigures; heat: number } | null {
  let best: { from: number; to: number; figures: WindowFigures; heat: number } | null = null;
  const starts = [...new Set(members.map((m) => m.at))].sort((a, b) => a - b);
  for (const from of starts) {
    const figures = windowFigures(members, from, from + windowMs);
    const heat = heatIndex(figures, w);
    if (!best || heat > best.heat) best = { from, to: from + windowMs, figures, heat };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Rise detection

export interface RiseOptions {
  /** Windows before the current one that make the usual level. */
  baselineWindows: number;
  /** Warn when P(X ≥ observed) under the baseline's Poisson rate is below this. */
  alpha: number;
  /** … and at least this many in the current window … */
  minCount: number;
  /** … and at least this multiple of the usual level. */
  minRatio: number;
  /** The usual level is at least this (a key never seen before is not infinitely surprising). */
  floorRate: number;
}
export const DEFAULT_RISE_OPTIONS: RiseOptions = {
  baselineWindows: 8,
  alpha: 0.001,
  minCount: 5,
  minRatio: 2,
  floorRate: 0.5,
};

export interface Rise {
  observed: number;
  expected: number;
  ratio: number;
  /** P(X ≥ observed) for X ~ Poisson(expected). */
  pValue: number;
  /** (observed − mean) / max(sd, √expected). */
  z: number;
}

/** P(X ≥ k) for X ~ Poisson(λ), summed in log space (stable for large k and λ). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // 1 − P(X ≤ k − 1); for k far above λ sum the upper terms directly instead.
  let logP = -lambda;
  let cdf = 0;
  if (k > lambda) {
    let logTerm = -lambda;
    for (let i = 1; i <= k; i++) logTerm += Math.log(lambda / i);
    let tail = 0;
    let t = logTerm;
    for (let i = k; i < k + 1000; i++) {
      tail += Math.exp(t);
      t += Math.log(lambda / (i + 1));
      if (Math.exp(t) < tail * 1e-15) break;
    }
    return Math.min(1, tail);
  }
  for (let i = 0; i < k; i++) {
    cdf += Math.exp(logP);
    logP += Math.log(lambda / (i + 1));
  }
  return Math.max(0, Math.min(1, 1 - cdf));
}

/**
 * Whether the last count of a series (one count per window, oldest first) is far above the usual
 * level of the `baselineWindows` before it. Null when the series is too short or nothing is unusual.
 */
export function detectRise(counts: readonly number[], options: Partial<RiseOptions> = {}): Rise | null {
  const o = { ...DEFAULT_RISE_OPTIONS, ...options };
  if (counts.length < 2) return null;
  const observed = counts[counts.length - 1] as number;
  const base = counts.slice(Math.max(0, counts.length - 1 - o.baselineWindows), -1);
  const mean = base.reduce((s, x) => s + x, 0) / base.length;
  const expected = Math.max(o.floorRate, mean);
  const sd = Math.sqrt(base.reduce((s, x) => s + (x - mean) ** 2, 0) / base.length);
  const pValue = poissonUpperTail(observed, expected);
  const ratio = observed / expected;
  if (observed < o.minCount || ratio < o.minRatio || pValue >= o.alpha) return null;
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    observed,
    expected: round(expected, 2),
    ratio: round(ratio, 2),
    pValue: Number(pValue.toPrecision(3)),
    z: round((observed - mean) / Math.max(sd, Math.sqrt(expected)), 2),
  };
}
