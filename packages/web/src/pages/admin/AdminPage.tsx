import {
  ApartmentOutlined,
  ApiOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  SendOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Result, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { Permission } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import CatalogueTab from '../dispatch/CatalogueTab.tsx';
import ApiKeysTab from './ApiKeysTab.tsx';
import AssessmentTab from './AssessmentTab.tsx';
import CalendarTab from './CalendarTab.tsx';
import CategoriesTab from './CategoriesTab.tsx';
import RulesTab from './RulesTab.tsx';
import UnitsTab from './UnitsTab.tsx';
import UsersTab from './UsersTab.tsx';

interface AdminTab {
  key: string;
  label: string;
  icon: ReactNode;
  permission: Permission;
  content: () => ReactNode;
}

/** Each tab shows only with its own permission; the server checks again on every request. */
const TABS: readonly AdminTab[] = [
  {
    key: 'units',
    label: '承办单位',
    icon: <ApartmentOutlined />,
    permission: 'org.manage',
    content: () => <UnitsTab />,
  },
  {
    key: 'users',
    label: '用户与角色',
    icon: <TeamOutlined />,
    permission: 'users.manage',
    content: () => <UsersTab />,
  },
  {
    key: 'categories',
    label: '事项分类',
    icon: <TagsOutlined />,
    permission: 'org.manage',
    content: () => <CategoriesTab />,
  },
  {
    key: 'rules',
    label: '时限规则',
    icon: <ClockCircleOutlined />,
    permission: 'rules.manage',
    content: () => <RulesTab />,
  },
  {
    // PUT /api/analytics/settings needs rules.manage: who sets time limits sets how units are judged.
    key: 'assessment',
    label: '考核设置',
    icon: <BarChartOutlined />,
    permission: 'rules.manage',
    content: () => <AssessmentTab />,
  },
  {
    key: 'calendar',
    label: '节假日与调休',
    icon: <CalendarOutlined />,
    permission: 'calendar.manage',
    content: () => <CalendarTab />,
  },
  {
    key: 'dispatch-catalogue',
    label: '派单目录',
    icon: <SendOutlined />,
    permission: 'dispatch_catalogue.manage',
    content: () => <CatalogueTab />,
  },
  {
    key: 'api-keys',
    label: '接入密钥',
    icon: <ApiOutlined />,
    permission: 'api_keys.manage',
    content: () => <ApiKeysTab />,
  },
];

/** 系统管理: organisation, users and roles, categories, time limits, holidays, channel keys. */
export default function AdminPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tabs = TABS.filter((t) => me.data?.permissions.includes(t.permission));
  if (tabs.length === 0) {
    return (
      <Card>
        <Result
          status="403"
          title="没有访问权限"
          subTitle="您的账号没有任何系统管理权限。如需开通，请联系系统管理员。"
        />
      </Card>
    );
  }
  const active = tabs.find((t) => t.key === params.get('tab')) ?? tabs[0];
  return (
    <Card title="系统管理" styles={{ body: { paddingTop: 4 } }}>
      <Tabs
        activeKey={active?.key}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={tabs.map((t) => ({
          key: t.key,
          label: t.label,
          icon: t.icon,
          children: t.content(),
        }))}
      />
    </Card>
  );
}
