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
    comingSoon: {
      summary: '承办单位签收、办理与答复',
      features: ['待办列表带时限倒计时和红黄牌', '签收、退单、下派、申请延期', '答复上传照片与附件'],
    },
  },
  {
    access: 'review',
    path: '/review',
    label: '审核台',
    icon: <AuditOutlined />,
    comingSoon: {
      summary: '答复内容的单位审核与中心审核',
      features: ['逐条核对审核要点', '审核通过或驳回重办', '查看完整流转记录与附件'],
    },
  },
  {
    access: 'visit',
    path: '/visit',
    label: '回访台',
    icon: <CustomerServiceOutlined />,
    comingSoon: {
      summary: '诉求人回访与满意度评价',
      features: ['回访话术提示', '满意度与是否解决一键记录', '不满意自动转重办'],
    },
  },
  {
    access: 'supervise',
    path: '/supervise',
    label: '督办台',
    icon: <AlertOutlined />,
    comingSoon: {
      summary: '临期预警、超期督办与提级',
      features: ['超期、红黄牌工单清单', '重复诉求与多次重办追踪', '督办提级与结果跟踪'],
    },
  },
  {
    access: 'knowledge',
    path: '/knowledge',
    label: '知识库',
    icon: <BookOutlined />,
    comingSoon: {
      summary: '知识条目的编辑、审核、发布与到期提醒',
      features: ['政策、办事指南、常见问答、办理流程', '版本对比与审核发布', '到期与长期未复核提醒'],
    },
  },
  {
    access: 'analytics',
    path: '/analytics',
    label: '领导驾驶舱',
    icon: <DashboardOutlined />,
    comingSoon: {
      summary: '诉求趋势、三率考核与热点地图',
      features: ['按日、周、月的诉求量与同比', '响应率、解决率、满意率与单位排名', '热点诉求与异常预警'],
    },
  },
  {
    access: 'admin',
    path: '/admin',
    label: '系统管理',
    icon: <SettingOutlined />,
    comingSoon: {
      summary: '组织机构、用户权限与规则配置',
      features: ['承办单位树与事项分类', '用户与角色、渠道接入密钥', '时限规则实时预览、节假日与调休'],
    },
  },
];
