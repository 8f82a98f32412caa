import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { handleRequestError } from '../api/error-handling.ts';
import { type ApiError, isApiError } from '../api/request-error.ts';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: unknown;
    /** `quietErrors`: codes the page shows itself (e.g. NOT_FOUND as a designed state). */
    queryMeta: { quietErrors?: readonly ApiError['code'][] };
    mutationMeta: { quietErrors?: readonly ApiError['code'][] };
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => handleRequestError(error, query.meta?.quietErrors),
  }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => handleRequestError(error, mutation.meta?.quietErrors),
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Retrying a 4xx cannot help; network blips and 5xx get one more try.
      retry: (count, error) => count < 1 && (!isApiError(error) || error.status === 0 || error.status >= 500),
    },
  },
});
