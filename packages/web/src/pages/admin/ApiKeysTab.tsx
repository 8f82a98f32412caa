import { ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Channel } from '../../api/types.ts';
import { CHANNEL_LABELS } from '../orders/labels.ts';
import { LoadFailed } from './AdminStates.tsx';
import { type ApiKey, FORM_ERRORS, showErrorOnForm, useApiKeys } from './admin-api.ts';

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** 接入密钥: keys for channel integrations (小程序、Open311 …); the secret is shown once only. */
export default function ApiKeysTab() {
  const keys = useApiKeys();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);

  const revoke = useMutation({
    mutationFn: (k: ApiKey) =>
      unwrap(api.POST('/api/api-keys/{id}/revoke', { params: { path: { id: k.id } } })),
    onSuccess: (_, k) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] });
      message.success(`已停用密钥「${k.name}」`);
    },
  });

  const columns: ColumnsType<ApiKey> = [
    { title: '名称', dataIndex: 'name', ellipsis: true },
    {
      title: '渠道',
      dataIndex: 'channel',
      width: 160,
      render: (c: string) => CHANNEL_LABELS[c as Channel] ?? c,
    },
    {
      title: '密钥前缀',
      dataIndex: 'prefix',
      width: 180,
      render: (p: string) => <Typography.Text code>jsk_{p}_…</Typography.Text>,
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      width: 160,
      render: (v: string) => <span className="tabular">{when(v)}</span>,
    },
    {
      title: '状态',
      key: 'state',
      width: 190,
      render: (_: unknown, k) =>
        k.revokedAt ? <Tag>已停用 {when(k.revokedAt)}</Tag> : <Tag color="success">使用中</Tag>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_: unknown, k) =>
        !k.revokedAt && (
          <Button
            type="link"
            danger
            size="small"
            onClick={() =>
              modal.confirm({
                title: `停用密钥「${k.name}」？`,
                icon: <ExclamationCircleOutlined />,
                content:
                  '停用立即生效，使用该密钥的渠道将无法再提交诉求，且不能恢复；如需继续接入请新建密钥。',
                okText: '确认停用',
                okButtonProps: { danger: true },
                cancelText: '取消',
                onOk: () => revoke.mutateAsync(k).catch(() => undefined),
              })
            }
          >
            停用
          </Button>
        ),
    },
  ];

  if (keys.isError)
    return <LoadFailed what="接入密钥" error={keys.error} onRetry={() => void keys.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          渠道系统以请求头 <Typography.Text code>X-API-Key</Typography.Text>{' '}
          提交诉求，只能查看本渠道提交的工单。
        </Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建密钥
        </Button>
      </Flex>
      <Table<ApiKey>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={keys.data}
        loading={keys.isPending}
        pagination={false}
        tableLayout="fixed"
        data-testid="api-key-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有接入密钥" /> }}
      />
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateKeyDialog(props: { onClose: () => void }) {
  const [form] = Form.useForm<{ name: string; channel: Channel }>();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: { name: string; channel: Channel }) =>
      unwrap(api.POST('/api/api-keys', { body: { name: v.name.trim(), channel: v.channel } })),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (res) => {
      setSecret(res.key);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] });
    },
    onError: (error) => showErrorOnForm(form, error, ['name', 'channel']),
  });

  if (secret) {
    return (
      <Modal
        open
        title="密钥已创建"
        closable={false}
        mask={{ closable: false }}
        footer={
          <Button type="primary" onClick={props.onClose}>
            我已妥善保存
          </Button>
        }
      >
        <Alert
          type="warning"
          showIcon
          style={{ margin: '16px 0' }}
          title="密钥只显示这一次"
          description="关闭后无法再次查看。请立即复制，并通过安全渠道交给对接方；泄露时请停用并新建。"
        />
        <Typography.Paragraph
          copyable={{ text: secret, tooltips: ['复制密钥', '已复制'] }}
          code
          data-testid="new-api-key"
          style={{ fontSize: 15, wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title="新建接入密钥"
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="api-key"
        style={{ marginTop: 16 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请填写密钥名称，如对接系统的名字' },
            { max: 100, message: '名称最多 100 个字' },
          ]}
        >
          <Input autoComplete="off" placeholder="如：市政务微信小程序" />
        </Form.Item>
        <Form.Item name="channel" label="受理渠道" rules={[{ required: true, message: '请选择受理渠道' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="该密钥提交的诉求记为此渠道"
            options={(Object.keys(CHANNEL_LABELS) as Channel[]).map((c) => ({
              value: c,
              label: CHANNEL_LABELS[c],
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
