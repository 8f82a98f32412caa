import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../orders/labels.ts';
import { categoryPath, useCategories } from '../orders/reference.ts';
import { LoadFailed } from './AdminStates.tsx';
import { type Rule, useRules } from './admin-api.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { describeLimit, STAGES } from './rule-labels.ts';

const any = <Typography.Text type="secondary">不限</Typography.Text>;

/** 时限规则: type × urgency × category subtree × task force, with the four limits and the yellow share. */
export default function RulesTab() {
  const rules = useRules();
  const categories = useCategories();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);

  const columns: ColumnsType<Rule> = [
    {
      title: '规则',
      dataIndex: 'name',
      width: 124,
      render: (name: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {!r.active && <Tag>已停用</Tag>}
        </Space>
      ),
    },
    {
      title: '诉求类型',
      dataIndex: 'requestType',
      width: 80,
      render: (t: Rule['requestType']) => (t ? REQUEST_TYPE_LABELS[t] : any),
    },
    {
      title: '紧急程度',
      dataIndex: 'urgency',
      width: 80,
      render: (u: Rule['urgency']) => (u ? URGENCY_LABELS[u] : any),
    },
    {
      title: '事项分类',
      dataIndex: 'categoryId',
      ellipsis: true,
      render: (id: number | null) =>
        id === null ? any : `${categoryPath(categories.data, id) ?? `#${id}`} 及下级`,
    },
    {
      title: '专班 / 有效期',
      key: 'taskForce',
      width: 150,
      render: (_: unknown, r) =>
        r.taskForce || r.validFrom || r.validTo ? (
          <Space orientation="vertical" size={0}>
            {r.taskForce && <Tag color="volcano">{r.taskForce}</Tag>}
            <Typography.Text type="secondary" className="tabular" style={{ fontSize: 12 }}>
              {r.validFrom ?? '…'} 至 {r.validTo ?? '…'}
            </Typography.Text>
          </Space>
        ) : (
          any
        ),
    },
    ...STAGES.map((s) => ({
      title: s.label,
      key: s.key,
      width: 100,
      render: (_: unknown, r: Rule) => describeLimit(r[s.key]),
    })),
    {
      title: '黄牌',
      dataIndex: 'yellowShare',
      width: 64,
      render: (v: number) => <span className="tabular">{Math.round(v * 100)}%</span>,
    },
    {
      title: '',
      key: 'edit',
      width: 72,
      render: (_: unknown, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
          编辑
        </Button>
      ),
    },
  ];

  if (rules.isError)
    return <LoadFailed what="时限规则" error={rules.error} onRetry={() => void rules.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          一张工单适用最具体的规则：专班 &gt; 紧急程度 &gt; 事项分类（越深越具体）&gt;
          诉求类型。工作日按国家节假日与调休及本地调整计算。
        </Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增规则
        </Button>
      </Flex>
      <Table<Rule>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rules.data}
        loading={rules.isPending}
        pagination={false}
        tableLayout="fixed"
        data-testid="rule-table"
        rowClassName={(r) => (r.active ? '' : 'rule-inactive')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有时限规则" /> }}
      />
      {editing && (
        <RuleEditor rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
