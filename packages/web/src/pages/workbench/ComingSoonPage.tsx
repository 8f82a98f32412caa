import { CheckCircleOutlined, RocketOutlined } from '@ant-design/icons';
import { Button, Card, Flex, List, Result, Typography } from 'antd';
import { Link } from 'react-router';
import type { Screen } from '../../app/workbenches.tsx';

/** The designed state of a workbench that is not built yet: what it will do, and where to go now. */
export default function ComingSoonPage({ screen }: { screen: Screen }) {
  const plan = screen.comingSoon;
  return (
    <Card>
      <Result
        icon={<RocketOutlined style={{ color: '#1a56b8' }} />}
        title={`${screen.label} · 即将上线`}
        subTitle={plan?.summary}
        extra={
          <Link to="/orders">
            <Button type="primary">先去工单列表</Button>
          </Link>
        }
      >
        {plan && (
          <Flex justify="center">
            <List
              style={{ minWidth: 360 }}
              header={<Typography.Text strong>上线后可以</Typography.Text>}
              dataSource={plan.features}
              renderItem={(f) => (
                <List.Item>
                  <Typography.Text>
                    <CheckCircleOutlined style={{ color: '#12805c', marginInlineEnd: 8 }} />
                    {f}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Flex>
        )}
      </Result>
    </Card>
  );
}
