import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { SCREENS } from '../app/workbenches.tsx';
import { can, ROLE_LABELS } from '../auth/access.ts';
import { logout, useMe } from '../auth/session.ts';
import { useUnits } from '../pages/orders/reference.ts';
import { HealthStatus } from './HealthStatus.tsx';
import { PageLoading } from './PageLoading.tsx';

const { Sider, Header, Content, Footer } = Layout;

/** The staff shell: side menu by permission, the user, the page, and the service status. */
export default function StaffLayout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const units = useUnits(Boolean(me.data));

  if (me.isPending) return <PageLoading />;
  if (!me.data) {
    const from = location.pathname + location.search;
    return <Navigate to={`/login?from=${encodeURIComponent(from)}`} replace />;
  }
  const user = me.data;
  const screens = SCREENS.filter((s) => can(user, s.access));
  const selected = screens.find((s) => location.pathname.startsWith(s.path))?.path;
  const unitName = user.unitId === null ? null : units.data?.get(user.unitId)?.name;

  return (
    <Layout className="staff-shell" style={{ minHeight: '100vh' }}>
      <Sider
        width={208}
        theme="dark"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Flex align="center" gap={10} style={{ height: 64, padding: '0 20px' }}>
          <span
            aria-hidden="true"
            style={{
              display: 'inline-grid',
              placeItems: 'center',
              width: 32,
              height: 32,
              borderRadius: 8,
              background: '#c8281e',
              color: '#fff',
              fontWeight: 700,
            }}
          >
            办
          </span>
          <Typography.Text strong style={{ color: '#fff', fontSize: 16 }}>
            接诉即办
          </Typography.Text>
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={screens.map((s) => ({ key: s.path, icon: s.icon, label: s.label }))}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            borderBottom: '1px solid #e5e9f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" style={{ height: '100%' }}>
            <Typography.Text type="secondary">12345 政务服务便民热线</Typography.Text>
            <Space size={12}>
              <Avatar size="small" icon={<UserOutlined />} />
              <Typography.Text strong data-testid="current-user">
                {user.name}
              </Typography.Text>
              {unitName && <Typography.Text type="secondary">{unitName}</Typography.Text>}
              {user.roles.map((r) => (
                <Tag key={r} color="blue" variant="outlined">
                  {ROLE_LABELS[r]}
                </Tag>
              ))}
              <Button
                icon={<LogoutOutlined />}
                onClick={() => void logout().finally(() => navigate('/login', { replace: true }))}
              >
                退出登录
              </Button>
            </Space>
          </Flex>
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ padding: '12px 24px', background: 'transparent' }}>
          <Flex justify="space-between" align="center">
            <HealthStatus />
            <Typography.Text type="secondary">Jiesu 接诉即办 · 开源软件 · Apache-2.0</Typography.Text>
          </Flex>
        </Footer>
      </Layout>
    </Layout>
  );
}
