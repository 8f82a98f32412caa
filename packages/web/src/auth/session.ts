import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { isApiError } from '../api/request-error.ts';
import type { Me } from '../api/types.ts';
import { queryClient } from '../app/query-client.ts';

export const ME_KEY = ['auth', 'me'] as const;

/** The logged-in user, or null when there is no session (401 is an answer here, not an error). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET('/api/auth/me'));
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function sessionLost() {
  queryClient.setQueryData(ME_KEY, null);
}

export async function logout() {
  try {
    await unwrap(api.POST('/api/auth/logout'));
  } finally {
    queryClient.clear();
    queryClient.setQueryData(ME_KEY, null);
  }
}
