import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { ApiError, isApiError } from '../../api/request-error.ts';
import type { Order } from '../../api/types.ts';
import { STATE_LABELS } from '../orders/labels.ts';

/** Codes a workbench panel shows itself, beside the order, instead of as a toast. */
export const STEP_QUIET_ERRORS: readonly ApiError['code'][] = ['VERSION_CONFLICT', 'INVALID_TRANSITION'];

/**
 * Runs a step on the order as the desk shows it. When the server refuses it and the order has moved
 * on meanwhile (another version, another state, or out of sight), the refusal is reported as the
 * 409 it really is: a step taken in a state it no longer has is refused for permission first
 * (e.g. centre review of an order already sent to the visit), which would read as 「没有权限」.
 */
export async function runStep<T>(order: Order, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isApiError(error) || !['FORBIDDEN', 'INVALID_TRANSITION', 'NOT_FOUND'].includes(error.code))
      throw error;
    const fresh = await unwrap(api.GET('/api/orders/{id}', { params: { path: { id: order.id } } })).catch(
      () => null,
    );
    if (fresh && fresh.version === order.version) throw error;
    throw new ApiError(409, 'VERSION_CONFLICT', '工单已被他人处理或更新', {
      expectedVersion: order.version,
      version: fresh?.version ?? null,
      state: fresh?.state ?? null,
    });
  }
}

export const isStepConflict = (error: unknown) =>
  isApiError(error, 'VERSION_CONFLICT') || isApiError(error, 'INVALID_TRANSITION');

/**
 * 409: someone else acted on the order first (exactly one wins, DOMAIN.md §5). Says so in plain words
 * and offers to reload the queue and the order.
 */
export function StepConflict({
  error,
  onRefresh,
  refreshing = false,
}: {
  error: unknown;
  onRefresh: () => void;
  refreshing?: boolean;
}) {
  if (!isStepConflict(error)) return null;
  return (
    <Alert
      data-testid="step-conflict"
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      title="工单已被他人处理或更新"
      description={`${isApiError(error, 'INVALID_TRANSITION') ? `${describeError(error)}。` : stateNote(error)}请刷新查看工单的最新状态后再操作，已填写的内容会保留。`}
      action={
        <Button size="small" icon={<ReloadOutlined />} loading={refreshing} onClick={onRefresh}>
          刷新
        </Button>
      }
    />
  );
}

function stateNote(error: unknown): string {
  const state = isApiError(error) ? error.details.state : null;
  return typeof state === 'string' && state in STATE_LABELS
    ? `该工单在您查看期间已被他人处理，当前状态为「${STATE_LABELS[state as keyof typeof STATE_LABELS]}」。`
    : '该工单在您查看期间已被他人处理或更新。';
}
