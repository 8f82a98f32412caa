import {
  AlertOutlined,
  AuditOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  PhoneOutlined,
  SendOutlined,
  SettingOutlined,
  SolutionOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { AccessKey } from '../auth/access.ts';

export interface Screen {
  access: AccessKey;
  path: string;
  label: string;
  icon: ReactNode;
  /** Unbuilt workbenches show the designed 「即将上线」 state with what they will do. */
  comingSoon?: { summary: string; features: string[] };
}

/** The side menu, in the order an order travels. */
export const SCREENS: readonly Screen[] = [
  { access: 'orders', path: '/orders', label: '工单列表', icon: <UnorderedListOutlined /> },
  {
    access: 'intake',
    path: '/intake',
    label: '受理台',
    icon: <PhoneOutlined />,
  },
  {
    access: 'dispatch',
    path: '/dispatch',
    label: '派单台',
    icon: <SendOutlined />,
  },
  {
    access: 'handle',
    path: '/handle',
    label: '承办工作台',
    icon: <SolutionOutlined />,
  },
  {
    access: 'review',
    path: '/review',
    label: '审核台',
    icon: <AuditOutlined />,
  },
  {
    access: 'visit',
    path: '/visit',
    label: '回访台',
    icon: <CustomerServiceOutlined />,
  },
  {
    access: 'supervise',
    path: '/supervise',
    label: '督办台',
    icon: <AlertOutlined />,
  },
  {
    access: 'knowledge',
    path: '/knowledge',
    label: '知识库',
    icon: <BookOutlined />,
  },
  {
    access: 'analytics',
    path: '/analytics',
    label: '领导驾驶舱',
    icon: <DashboardOutlined />,
  },
  {
    access: 'admin',
    path: '/admin',
    label: '系统管理',
    icon: <SettingOutlined />,
  },
];
