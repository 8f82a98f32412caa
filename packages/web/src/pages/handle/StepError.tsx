import { useQueryClient } from '@tanstack/react-query';
import { Alert } from 'antd';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import { isStepConflict, StepConflict } from '../review/StepConflict.tsx';

/**
 * A refused step, beside its form: 409 "order moved on" with a refresh that reloads the queue and the
 * order (what was typed stays); anything else with the server's Chinese message and field.
 */
export function StepError({ error, onReset }: { error: unknown; onReset: () => void }) {
  const queryClient = useQueryClient();
  if (!error) return null;
  if (isStepConflict(error)) {
    return (
      <StepConflict
        error={error}
        onRefresh={() => {
          onReset();
          void queryClient.invalidateQueries({ queryKey: ['orders'] });
        }}
      />
    );
  }
  const windowPassed = isApiError(error, 'RETURN_WINDOW_PASSED');
  return (
    <Alert
      data-testid="step-error"
      type={windowPassed || isApiError(error, 'EXTENSION_PENDING') ? 'warning' : 'error'}
      showIcon
      style={{ marginTop: 12 }}
      title={describeError(error)}
      description={
        windowPassed
          ? '退单须在派单后 1 个工作日内提出。如确属非本单位职责，请先签收办理并联系热线中心协调改派。'
          : undefined
      }
    />
  );
}
