import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { queryClient } from '../../app/query-client.ts';
import { ME_KEY, useMe } from '../../auth/session.ts';
import { HealthStatus } from '../../layout/HealthStatus.tsx';

interface Credentials {
  username: string;
  password: string;
}

/** Only same-app paths are followed after login (no open redirect). */
function safeTarget(from: string | null) {
  return from?.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const target = safeTarget(params.get('from'));

  const login = useMutation({
    mutationFn: (body: Credentials) => unwrap(api.POST('/api/auth/login', { body })),
    // Shown in the form itself: 用户名或密码错误, 账号已临时锁定 … come from the server.
    meta: { quietErrors: ['LOGIN_FAILED', 'ACCOUNT_LOCKED', 'VALIDATION_FAILED'] },
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, user);
      navigate(target, { replace: true });
    },
  });

  if (me.data && !login.isPending) return <Navigate to={target} replace />;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={24}
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(160deg, #123f8c 0%, #1a56b8 45%, #f3f5f9 45%)',
      }}
    >
      <Flex vertical align="center" gap={4}>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          接诉即办
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>
          12345 政务服务便民热线工单平台
        </Typography.Text>
      </Flex>
      <Card style={{ width: 400, boxShadow: '0 8px 24px rgb(16 24 40 / 12%)' }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 24 }}>
          工作人员登录
        </Typography.Title>
        {login.isError && (
          <Alert
            type="error"
            showIcon
            title={describeError(login.error)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={(values) => login.mutate(values)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
      <HealthStatus />
    </Flex>
  );
}
