import { Button, Flex, Typography } from 'antd';

/** The foot of a keyset-paged list: how many are shown, and 加载更多 while the server has more. */
export function LoadMore(props: {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  marginTop?: number;
}) {
  return (
    <Flex justify="center" align="center" gap={16} style={{ marginTop: props.marginTop ?? 16 }}>
      {props.shown > 0 && <Typography.Text type="secondary">已显示 {props.shown} 条</Typography.Text>}
      {props.hasMore ? (
        <Button onClick={props.onMore} loading={props.loading}>
          加载更多
        </Button>
      ) : (
        props.shown > 0 && <Typography.Text type="secondary">已全部加载</Typography.Text>
      )}
    </Flex>
  );
}
