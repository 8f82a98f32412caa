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
