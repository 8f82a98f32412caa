import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { ApiError } from '../../api/request-error.ts';
import type { Order } from '../../api/types.ts';

/**
 * Codes a step shows beside its form instead of as a toast: 409s (the order moved on, the return
 * window closed, an extension is already pending) and the server's field-level verdicts.
 */
export const STEP_INLINE_ERRORS: readonly ApiError['code'][] = [
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'RETURN_WINDOW_PASSED',
  'EXTENSION_PENDING',
  'VALIDATION_FAILED',
  'RULE_VIOLATION',
  'REFERENCE_NOT_FOUND',
  'FORBIDDEN',
];

/**
 * One lifecycle step on the selected order: sends it, then refreshes every order list, count and
 * detail (the order left this queue) and reports success.
 */
export function useStep<V>(
  run: (values: V) => Promise<Order>,
  done: (order: Order) => string,
  after?: (o: Order) => void,
) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    meta: { quietErrors: STEP_INLINE_ERRORS },
    onSuccess: (order) => {
      message.success(done(order));
      queryClient.setQueryData(['orders', 'detail', order.id], order);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      after?.(order);
    },
  });
}
