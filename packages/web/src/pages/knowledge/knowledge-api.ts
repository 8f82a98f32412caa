import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type ListQuery = NonNullable<paths['/api/knowledge/entries']['get']['parameters']['query']>;
export type EntrySummary = Json<paths['/api/knowledge/entries']['get']['responses'][200]>['items'][number];
export type EntryView = Json<paths['/api/knowledge/entries/{id}']['get']['responses'][200]>;
export type EntryInput = Json<NonNullable<paths['/api/knowledge/entries']['post']['requestBody']>>;
export type Kind = EntrySummary['kind'];
export type EntryState = EntrySummary['state'];
export type EntryAction = EntryView['actions'][number];
export type WorkflowAction = Exclude<EntryAction, 'edit' | 'expire'>;
export type Version = Json<paths['/api/knowledge/entries/{id}/versions']['get']['responses'][200]>[number];
export type Diff = Json<paths['/api/knowledge/entries/{id}/diff']['get']['responses'][200]>;
export type EntryEvent = Json<paths['/api/knowledge/entries/{id}/events']['get']['responses'][200]>[number];
export type AnswerView = Json<paths['/api/knowledge/answer']['post']['responses'][200]>;
export type AnswerItem = AnswerView['answers'][number];
export type Gap = Json<paths['/api/knowledge/gaps']['get']['responses'][200]>['items'][number];
export type Reminder = Json<paths['/api/knowledge/reminders']['get']['responses'][200]>['items'][number];
export type Synonym = Json<paths['/api/knowledge/synonyms']['get']['responses'][200]>[number];
export type ShareFile = Json<paths['/api/knowledge/export']['get']['responses'][200]>;
export type ImportResult = Json<paths['/api/knowledge/import']['post']['responses'][200]>;

export const KEY = ['knowledge'] as const;
const PAGE_SIZE = 20;

export function useEntries(filters: Omit<ListQuery, 'limit' | 'cursor'>) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'entries', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/knowledge/entries', {
          params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useEntry(id: number | null) {
  return useQuery({
    queryKey: [...KEY, 'entry', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/knowledge/entries/{id}', { params: { path: { id: id ?? 0 } }, signal })),
    meta: { quietErrors: ['NOT_FOUND'] },
  });
}

export function useVersions(id: number | null, version: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'versions', id, version],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/knowledge/entries/{id}/versions', { params: { path: { id: id ?? 0 } }, signal })),
  });
}

export function useEvents(id: number | null, stamp: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'events', id, stamp],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/knowledge/entries/{id}/events', { params: { path: { id: id ?? 0 } }, signal })),
  });
}

/** 来电问法: the titles of orders answered directly with the entry, for adopting as question variants. */
export function useAsked(id: number | null) {
  return useQuery({
    queryKey: [...KEY, 'asked', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/knowledge/entries/{id}/asked', { params: { path: { id: id ?? 0 } }, signal })),
  });
}

export function useDiff(id: number, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...KEY, 'diff', id, from, to],
    enabled: from !== null && to !== null && from !== to,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/knowledge/entries/{id}/diff', {
          params: { path: { id }, query: { from: from ?? 1, to: to ?? 1 } },
          signal,
        }),
      ),
  });
}

function usePaged<T>(
  name: 'gaps' | 'reminders',
  fetchPage: (
    cursor: string | undefined,
    signal: AbortSignal,
  ) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  return useInfiniteQuery({
    queryKey: [...KEY, name],
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export const useGaps = () =>
  usePaged('gaps', (cursor, signal) =>
    unwrap(api.GET('/api/knowledge/gaps', { params: { query: { limit: 50, cursor } }, signal })),
  );

export const useReminders = () =>
  usePaged('reminders', (cursor, signal) =>
    unwrap(api.GET('/api/knowledge/reminders', { params: { query: { limit: 50, cursor } }, signal })),
  );

export function useSynonyms() {
  return useQuery({
    queryKey: [...KEY, 'synonyms'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/knowledge/synonyms', { signal })),
  });
}

const DONE: Record<WorkflowAction, string> = {
  submit: '已提交审核',
  reject: '已退回修改',
  approve: '审核通过，已发布',
  withdraw: '已撤回',
  confirm: '已复核确认',
};

/** One workflow step: sends it, caches the fresh entry and refreshes the lists. */
export function useEntryAction(id: number) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (o: { action: WorkflowAction; note?: string }) => {
      const params = { path: { id } };
      const body = o.note ? { note: o.note } : {};
      switch (o.action) {
        case 'submit':
          return unwrap(api.POST('/api/knowledge/entries/{id}/submit', { params, body }));
        case 'reject':
          return unwrap(api.POST('/api/knowledge/entries/{id}/reject', { params, body }));
        case 'approve':
          return unwrap(api.POST('/api/knowledge/entries/{id}/approve', { params, body }));
        case 'withdraw':
          return unwrap(api.POST('/api/knowledge/entries/{id}/withdraw', { params, body }));
        case 'confirm':
          return unwrap(api.POST('/api/knowledge/entries/{id}/confirm', { params, body }));
      }
    },
    onSuccess: (entry, o) => {
      message.success(DONE[o.action]);
      queryClient.setQueryData([...KEY, 'entry', id], entry);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'entries'] });
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'reminders'] });
    },
  });
}

/** Creates a draft (no id) or saves a new version. */
export function useSaveEntry() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (o: { id: number | null; input: EntryInput; version?: number; note?: string }) =>
      o.id === null
        ? unwrap(api.POST('/api/knowledge/entries', { body: o.input }))
        : unwrap(
            api.PUT('/api/knowledge/entries/{id}', {
              params: { path: { id: o.id } },
              body: { ...o.input, version: o.version ?? 1, note: o.note || undefined },
            }),
          ),
    onSuccess: (entry, o) => {
      message.success(o.id === null ? '草稿已创建' : `已保存为第 ${entry.version} 版`);
      queryClient.setQueryData([...KEY, 'entry', entry.id], entry);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'entries'] });
    },
  });
}
