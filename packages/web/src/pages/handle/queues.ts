import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { ListOrdersQuery, OrderState } from '../../api/types.ts';

const PAGE_SIZE = 20;

/** One to-do queue of the unit's workbench: a state, optionally narrowed by a queue filter. */
export interface HandleQueueDef {
  key: HandleQueueKey;
  label: string;
  state: OrderState;
  filter?: Pick<ListOrdersQuery, 'extension' | 'redo'>;
  /** The unit still has a step to take here (signing, handling); otherwise it waits on others. */
  actionable: boolean;
  empty: string;
  hint: string;
}

export type HandleQueueKey = 'sign' | 'handling' | 'extension' | 'redo' | 'returned' | 'review';

/**
 * The queues in the order an order travels through the unit (DOMAIN.md §5): 待签收 → 办理中 (some
 * with 延期 awaiting the centre, some 被驳回/重办) → 已答复待审核; 退单 waits on the centre.
 */
export const HANDLE_QUEUES: readonly HandleQueueDef[] = [
  {
    key: 'sign',
    label: '待签收',
    state: 'dispatched',
    actionable: true,
    empty: '没有待签收的工单',
    hint: '从左侧选择工单：签收后开始办理；不属于本单位的可在退单时限内退单',
  },
  {
    key: 'handling',
    label: '办理中',
    state: 'handling',
    actionable: true,
    empty: '没有办理中的工单',
    hint: '从左侧选择工单：联系诉求人、现场处置后答复，或申请延期、下派',
  },
  {
    key: 'extension',
    label: '延期审批中',
    state: 'handling',
    filter: { extension: 'pending' },
    actionable: true,
    empty: '没有等待中心审批的延期申请',
    hint: '延期申请待热线中心审批，期间请继续办理；原办理时限仍然有效',
  },
  {
    key: 'redo',
    label: '驳回/重办',
    state: 'handling',
    filter: { redo: 'true' },
    actionable: true,
    empty: '没有被驳回或重办的工单',
    hint: '审核驳回或回访不满意的工单：查看驳回理由，整改后重新答复',
  },
  {
    key: 'returned',
    label: '退单待审',
    state: 'return_requested',
    actionable: false,
    empty: '没有等待中心审核的退单',
    hint: '退单待热线中心审核；同意后回到派单，驳回后由本单位继续办理',
  },
  {
    key: 'review',
    label: '已答复待审核',
    state: 'unit_review',
    actionable: false,
    empty: '没有等待单位审核的答复',
    hint: '答复已提交，等待本单位审核员审核',
  },
];

export const queueDef = (key: string | null): HandleQueueDef =>
  HANDLE_QUEUES.find((q) => q.key === key) ?? (HANDLE_QUEUES[0] as HandleQueueDef);

/** A queue, most pressing deadline first (server keyset paging). */
export function useHandleQueue(def: HandleQueueDef) {
  return useInfiniteQuery({
    queryKey: ['orders', 'list', { state: def.state, sort: 'deadline', ...def.filter }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/orders', {
          params: {
            query: { state: def.state, sort: 'deadline', limit: PAGE_SIZE, cursor: pageParam, ...def.filter },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
    refetchInterval: 60_000,
  });
}

export type HandleQueue = ReturnType<typeof useHandleQueue>;

/**
 * The tab badges: GET /api/orders/queue-counts once per distinct filter (plain states in one call).
 * Counts stop at the server's cap; `capped` shows them as "10000+".
 */
export function useQueueCounts() {
  const groups = new Map<string, { filter: HandleQueueDef['filter']; states: OrderState[] }>();
  for (const q of HANDLE_QUEUES) {
    const key = JSON.stringify(q.filter ?? {});
    const group = groups.get(key) ?? { filter: q.filter, states: [] };
    if (!group.states.includes(q.state)) group.states.push(q.state);
    groups.set(key, group);
  }
  const list = [...groups.entries()];
  const results = useQueries({
    queries: list.map(([key, g]) => ({
      queryKey: ['orders', 'queue-counts', key, g.states],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET('/api/orders/queue-counts', {
            params: { query: { states: g.states.join(','), ...g.filter } },
            signal,
          }),
        ),
      refetchInterval: 60_000,
      meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] as const },
    })),
  });
  return (def: HandleQueueDef): { count: number; capped: boolean } | null => {
    const at = list.findIndex(([key]) => key === JSON.stringify(def.filter ?? {}));
    const data = results[at]?.data;
    const count = data?.counts[def.state];
    if (!data || count === undefined) return null;
    return { count, capped: data.capped && count >= data.cap };
  };
}
