import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type MeasureRow = Json<paths['/api/analytics/measures']['get']['responses'][200]>['items'][number];
export type Measures = MeasureRow['measures'];
export type AssessmentRow = Json<
  paths['/api/analytics/assessment']['get']['responses'][200]
>['items'][number];
export type Tier = AssessmentRow['tier'];
export type TrendRow = Json<paths['/api/analytics/trend']['get']['responses'][200]>['items'][number];
export type Granularity = 'day' | 'week' | 'month';
export type OverdueRow = Json<paths['/api/analytics/overdue']['get']['responses'][200]>['items'][number];
export type RegionCollection = Json<paths['/api/geo/regions']['get']['responses'][200]>;
export type MapLevel = 'district' | 'street';

const KEY = ['analytics'] as const;
const quiet = { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] as const };

export function useCityMeasures(month: string) {
  return useQuery({
    queryKey: [...KEY, 'measures', 'all', month],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/analytics/measures', { params: { query: { month, by: 'all' } }, signal })),
    select: (d) => d.items[0],
    meta: quiet,
  });
}

/** 12 months up to `month` (or its days/weeks when finer), with last year's volume. */
export function useTrend(month: string, granularity: Granularity) {
  const query =
    granularity === 'month'
      ? { from: yearStartBefore(month), to: monthEnd(month), granularity }
      : granularity === 'week'
        ? { from: quarterStartBefore(month), to: monthEnd(month), granularity }
        : { month, granularity };
  return useQuery({
    queryKey: [...KEY, 'trend', query],
    queryFn: ({ signal }) => unwrap(api.GET('/api/analytics/trend', { params: { query }, signal })),
    meta: quiet,
  });
}

export function useMix(month: string) {
  return useQuery({
    queryKey: [...KEY, 'mix', month],
    queryFn: ({ signal }) => unwrap(api.GET('/api/analytics/mix', { params: { query: { month } }, signal })),
    meta: quiet,
  });
}

export function useAssessment(month: string) {
  return useQuery({
    queryKey: [...KEY, 'assessment', month],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/analytics/assessment', { params: { query: { month } }, signal })),
    meta: quiet,
  });
}

export function useOverdue() {
  return useQuery({
    queryKey: [...KEY, 'overdue'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/analytics/overdue', { params: { query: { limit: 10 } }, signal })),
    meta: quiet,
  });
}

export function useHotspots(month: string, level: MapLevel) {
  return useQuery({
    queryKey: [...KEY, 'hotspots', month, level],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/analytics/hotspots', { params: { query: { month, level } }, signal })),
    meta: quiet,
  });
}

export function useRegions(level: MapLevel) {
  return useQuery({
    queryKey: ['geo', 'regions', level],
    queryFn: ({ signal }) => unwrap(api.GET('/api/geo/regions', { params: { query: { level } }, signal })),
    staleTime: Number.POSITIVE_INFINITY,
    meta: quiet,
  });
}

// ── months ─────────────────────────────────────────────────────────────────────────────────────

/** The current month in China Standard Time, 'YYYY-MM'. */
export const currentMonth = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

export function recentMonths(count: number, now = new Date()): string[] {
  const [y, m] = currentMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

export function monthEnd(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
const monthsBefore = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 10);
};
const yearStartBefore = (month: string) => monthsBefore(month, 11);
const quarterStartBefore = (month: string) => monthsBefore(month, 2);

export const pct = (r: number | null | undefined, digits = 1) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`;
