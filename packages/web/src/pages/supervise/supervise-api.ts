import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type CaseListQuery = NonNullable<paths['/api/supervision/cases']['get']['parameters']['query']>;
export type SupervisionCase = Json<paths['/api/supervision/cases']['get']['responses'][200]>['items'][number];
export type CaseDetail = Json<paths['/api/supervision/cases/{id}']['get']['responses'][200]>;
export type OverdueOrder = Json<
  paths['/api/supervision/overdue-orders']['get']['responses'][200]
>['items'][number];
export type SupervisionRule = Json<paths['/api/supervision/rules']['get']['responses'][200]>['items'][number];
export type RuleBody = Json<NonNullable<paths['/api/supervision/rules/{cause}']['put']['requestBody']>>;
export type EscalateBody = Json<
  NonNullable<paths['/api/supervision/cases/{id}/escalate']['post']['requestBody']>
>;
export type NoticeBody = Json<
  NonNullable<paths['/api/supervision/cases/{id}/notices']['post']['requestBody']>
>;
export type Level = SupervisionCase['level'];
export type CaseStatus = SupervisionCase['status'];
export type Cause = SupervisionCase['cause'];

const PAGE_SIZE = 20;
export const KEY = ['supervision'] as const;

export function useCases(filters: Omit<CaseListQuery, 'limit' | 'cursor'>) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'cases', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/supervision/cases', {
          params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useCase(id: number | null) {
  return useQuery({
    queryKey: [...KEY, 'case', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/supervision/cases/{id}', { params: { path: { id: id ?? 0 } }, signal })),
    meta: { quietErrors: ['NOT_FOUND'] },
  });
}

export function useOverdueOrders() {
  return useInfiniteQuery({
    queryKey: [...KEY, 'overdue'],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/supervision/overdue-orders', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useRules() {
  return useQuery({
    queryKey: [...KEY, 'rules'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/supervision/rules', { signal })),
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useOwners(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'owners'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/supervision/owners', { signal })),
  });
}

export type CaseStep =
  | { kind: 'escalate'; body: EscalateBody }
  | { kind: 'notice'; body: NoticeBody }
  | { kind: 'assign'; body: { ownerId: number; note?: string } }
  | { kind: 'resolve' | 'close'; body: { result: string } };

const DONE: Record<CaseStep['kind'], string> = {
  escalate: '已升级督办',
  notice: '督办通知已发送',
  assign: '已指定督办人',
  resolve: '督办案件已办结',
  close: '督办案件已关闭',
};

/** One step on a case: sends it, puts the fresh detail in the cache and refreshes the lists. */
export function useCaseStep(caseId: number) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (step: CaseStep): Promise<CaseDetail> => {
      const path = { id: caseId };
      switch (step.kind) {
        case 'escalate':
          return unwrap(
            api.POST('/api/supervision/cases/{id}/escalate', { params: { path }, body: step.body }),
          );
        case 'notice':
          return unwrap(
            api.POST('/api/supervision/cases/{id}/notices', { params: { path }, body: step.body }),
          );
        case 'assign':
          return unwrap(
            api.POST('/api/supervision/cases/{id}/assign', { params: { path }, body: step.body }),
          );
        case 'resolve':
          return unwrap(
            api.POST('/api/supervision/cases/{id}/resolve', { params: { path }, body: step.body }),
          );
        case 'close':
          return unwrap(api.POST('/api/supervision/cases/{id}/close', { params: { path }, body: step.body }));
      }
    },
    onSuccess: (detail, step) => {
      message.success(DONE[step.kind]);
      queryClient.setQueryData([...KEY, 'case', caseId], detail);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'cases'] });
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'overdue'] });
    },
  });
}

export function useSaveRule() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (o: { cause: Cause; body: RuleBody }) =>
      unwrap(
        api.PUT('/api/supervision/rules/{cause}', { params: { path: { cause: o.cause } }, body: o.body }),
      ),
    onSuccess: (rule) => {
      message.success(`规则「${rule.name}」已保存`);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'rules'] });
    },
  });
}
