import { Button, Result } from 'antd';
import { describeError } from '../../api/error-handling.ts';

/** The designed state of a tab whose data could not be loaded. */
export function LoadFailed(props: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <Result
      status="error"
      title={`${props.what}加载失败`}
      subTitle={describeError(props.error)}
      extra={
        <Button type="primary" onClick={props.onRetry}>
          重新加载
        </Button>
      }
    />
  );
}
