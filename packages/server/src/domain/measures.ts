/**
 * Measures (DOMAIN.md §9), each formula in one place. A rate is null when its denominator is zero,
 * so "no data" is never shown as 0% or 100%.
 */

export const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/**
 * 一次解决率 one-time resolution rate: closed orders that were never redone (重办) and whose visit
 * found the matter resolved, over closed orders that were visited.
 */
export function oneTimeResolutionRate(
  closedVisited: readonly { redoCount: number; resolved: boolean | null }[],
) {
  const solvedFirstTime = closedVisited.filter((o) => o.redoCount === 0 && o.resolved === true).length;
  return rate(solvedFirstTime, closedVisited.length);
}

/**
 * 满意率 satisfaction rate: (满意 + 基本满意) / visited orders; both count fully (weight 1), 不满意 0.
 */
export function satisfactionRate(counts: {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}) {
  const visited = counts.satisfied + counts.basicallySatisfied + counts.dissatisfied;
  return rate(counts.satisfied + counts.basicallySatisfied, visited);
}

/** 高频来电: a caller with this many orders in 30 days is flagged for the call-taker. */
export const FREQUENT_CALLER_ORDERS_30D = 5;

// ── 三率 / 四率 from roll-up counters (issue 6). Definitions in docs/measures.md ──────────────────

/**
 * Counters of the analytics roll-up (`analytics_daily`) summed over a period and a slice (unit,
 * unit subtree, category, region, type, channel). Each is counted by the roll-up job from the
 * order's timeline, exactly once per event; how, is written beside each counter.
 */
export interface MeasureCounters {
  /** 受理量: orders created (day of creation). */
  received: number;
  /** 直接答复: orders closed by a direct answer at intake. */
  directAnswered: number;
  /** 派单量: dispatches to a lead unit — 派单, 改派 and the re-dispatch of a 重办 (day of the dispatch). */
  dispatched: number;
  /** Dispatches the lead unit signed for (first signature after that dispatch; counted on the dispatch's day). */
  signed: number;
  /** …of which signed within the sign-for limit in force. */
  signedInTime: number;
  /** 退单: return requests by the handling unit. */
  returned: number;
  /** 办结: orders closed after handling (visited, or closed as unreachable / declined), once per order. */
  closed: number;
  /** …whose last reply came before the handling deadline in force at closing (approved extensions included). */
  closedOnTime: number;
  /** …that were redone (重办) at least once before closing — counted once however many redos. */
  closedRedone: number;
  /** 回访: visits (every visit counts, also one that led to a redo). */
  visited: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** Visits that found the matter resolved. */
  resolved: number;
  /** 应办结 closed part: closed orders whose final handling deadline falls in the period. */
  dueClosed: number;
  /** …of which the last reply came after that deadline. */
  dueClosedLate: number;
  /** 应办结 open part: open orders whose handling deadline falls in the period (read live). */
  dueOpen: number;
  /** …of which past the deadline now without an on-time reply. */
  dueOpenOverdue: number;
}

export const COUNTER_NAMES = [
  'received',
  'directAnswered',
  'dispatched',
  'signed',
  'signedInTime',
  'returned',
  'closed',
  'closedOnTime',
  'closedRedone',
  'visited',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'resolved',
  'dueClosed',
  'dueClosedLate',
  'dueOpen',
  'dueOpenOverdue',
] as const satisfies readonly (keyof MeasureCounters)[];

export const zeroCounters = (): MeasureCounters =>
  Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as unknown as MeasureCounters;

export function addCounters(a: MeasureCounters, b: MeasureCounters): MeasureCounters {
  const out = zeroCounters();
  for (const n of COUNTER_NAMES) out[n] = a[n] + b[n];
  return out;
}

/** 响应率 = dispatches signed for within the sign-for limit / dispatches. */
export const responseRate = (c: MeasureCounters) => rate(c.signedInTime, c.dispatched);

/** 办结率 = orders due in the period (final handling deadline in it) that are closed / orders due in the period. */
export const completionRate = (c: MeasureCounters) => rate(c.dueClosed, c.dueClosed + c.dueOpen);

/** 按时办结率 = orders closed in the period whose last reply met the deadline (with approved extensions) / closed. */
export const onTimeRate = (c: MeasureCounters) => rate(c.closedOnTime, c.closed);

/** 解决率 = visits that found the matter resolved / visits. */
export const resolutionRate = (c: MeasureCounters) => rate(c.resolved, c.visited);

/** 满意率 of counters: (满意 + 基本满意) / visits, both weight 1 (same formula as satisfactionRate). */
export const satisfactionRateOf = (c: MeasureCounters) =>
  satisfactionRate({
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    dissatisfied: c.visited - c.satisfied - c.basicallySatisfied,
  });

/** 重办率 = closed orders redone at least once / closed orders (a redone order counts once). */
export const redoRate = (c: MeasureCounters) => rate(c.closedRedone, c.closed);

/** 直接答复率 = orders answered directly at intake / orders received. */
export const directAnswerRate = (c: MeasureCounters) => rate(c.directAnswered, c.received);

/** 退单率 = return requests / dispatches. */
export const returnRate = (c: MeasureCounters) => rate(c.returned, c.dispatched);

/** 超期数 = orders due in the period closed late + open orders due in the period and overdue now. */
export const overdueCount = (c: MeasureCounters) => c.dueClosedLate + c.dueOpenOverdue;

export const MEASURE_NAMES = [
  'responseRate',
  'completionRate',
  'onTimeRate',
  'resolutionRate',
  'satisfactionRate',
  'redoRate',
  'directAnswerRate',
  'returnRate',
] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export const MEASURE_LABELS: Record<MeasureName | 'overdueCount', string> = {
  responseRate: '响应率',
  completionRate: '办结率',
  onTimeRate: '按时办结率',
  resolutionRate: '解决率',
  satisfactionRate: '满意率',
  redoRate: '重办率',
  directAnswerRate: '直接答复率',
  returnRate: '退单率',
  overdueCount: '超期数',
};

export type Measures = Record<MeasureName, number | null> & { overdueCount: number };

export function measuresOf(c: MeasureCounters): Measures {
  return {
    responseRate: responseRate(c),
    completionRate: completionRate(c),
    onTimeRate: onTimeRate(c),
    resolutionRate: resolutionRate(c),
    satisfactionRate: satisfactionRateOf(c),
    redoRate: redoRate(c),
    directAnswerRate: directAnswerRate(c),
    returnRate: returnRate(c),
    overdueCount: overdueCount(c),
  };
}

// ── 月度考核 monthly unit assessment ───────────────────────────────────────────────────────────

export interface AssessmentSettings {
  /** Weights in points; they need not sum to 100 (the score is normalised by their sum). */
  weights: { response: number; resolution: number; satisfaction: number };
  /** 黄牌 below these rates (the seeds' targets: response ≥ 98%, satisfaction ≥ 90%). */
  yellow: { response: number; satisfaction: number };
  /** 红牌 below these rates. */
  red: { response: number; satisfaction: number };
  /** Units with fewer dispatches in the month are scored but get no card (too few to judge). */
  minDispatched: number;
}

export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = {
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  yellow: { response: 0.98, satisfaction: 0.9 },
  red: { response: 0.9, satisfaction: 0.8 },
  minDispatched: 10,
};

export type AssessmentCard = 'none' | 'yellow' | 'red';

/**
 * Monthly score (0–100) = Σ weight × rate / Σ weight over 响应率, 解决率, 满意率. A rate without data
 * (null) leaves the score with the weights of the others; no rate at all gives no score.
 */
export function assessmentScore(c: MeasureCounters, s: AssessmentSettings): number | null {
  const parts: [number | null, number][] = [
    [responseRate(c), s.weights.response],
    [resolutionRate(c), s.weights.resolution],
    [satisfactionRateOf(c), s.weights.satisfaction],
  ];
  let sum = 0;
  let weight = 0;
  for (const [r, w] of parts) {
    if (r === null || w <= 0) continue;
    sum += r * w;
    weight += w;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 10_000) / 100;
}

/** 红牌 when 响应率 or 满意率 is below the red line, 黄牌 below the target; none for small samples. */
export function assessmentCard(c: MeasureCounters, s: AssessmentSettings): AssessmentCard {
  if (c.dispatched < s.minDispatched) return 'none';
  const response = responseRate(c);
  const satisfaction = satisfactionRateOf(c);
  const below = (r: number | null, line: number) => r !== null && r < line;
  if (below(response, s.red.response) || below(satisfaction, s.red.satisfaction)) return 'red';
  if (below(response, s.yellow.response) || below(satisfaction, s.yellow.satisfaction)) return 'yellow';
  return 'none';
}

/** Competition ranking (1, 2, 2, 4) by score, highest first; unscored units come last without a rank. */
export function rankByScore<T extends { score: number | null }>(
  rows: readonly T[],
): (T & { rank: number | null })[] {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  return sorted.map((row, i) => {
    if (row.score === null) return { ...row, rank: null };
    const first = sorted.findIndex((r) => r.score === row.score);
    return { ...row, rank: first === -1 ? i + 1 : first + 1 };
  });
}
