import { KeyOutlined, PlusOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ROLE_LABELS } from '../../auth/access.ts';
import { useMe } from '../../auth/session.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { LoadFailed } from './AdminStates.tsx';
import type { UserRow } from './admin-api.ts';
import { PasswordDialog, UserDialog } from './UserDialogs.tsx';

const PAGE_SIZE = 30;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserRow }
  | { kind: 'password'; user: UserRow }
  | null;

/** 用户与角色: keyset-paged accounts with search, and every change an admin makes to them. */
export default function UsersTab() {
  const me = useMe();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [dialog, setDialog] = useState<Dialog>(null);

  const users = useInfiniteQuery({
    queryKey: ['admin', 'users', q],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/users', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(q ? { q } : {}),
              ...(pageParam ? { cursor: Number(pageParam) } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const reload = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });

  const act = useMutation({
    mutationFn: (v: { user: UserRow; action: 'unlock' | 'deactivate' | 'activate' }) =>
      v.action === 'unlock'
        ? unwrap(api.POST('/api/users/{id}/unlock', { params: { path: { id: v.user.id } } }))
        : unwrap(
            api.PATCH('/api/users/{id}', {
              params: { path: { id: v.user.id } },
              body: { active: v.action === 'activate' },
            }),
          ),
    onSuccess: (u, v) => {
      void reload();
      message.success(
        v.action === 'unlock'
          ? `已解除「${u.displayName}」的锁定`
          : `已${u.active ? '启用' : '停用'}「${u.displayName}」`,
      );
    },
  });

  const columns: ColumnsType<UserRow> = [
    {
      title: '账号',
      dataIndex: 'username',
      width: 150,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: '姓名', dataIndex: 'displayName', width: 110 },
    {
      title: '角色',
      dataIndex: 'roles',
      render: (roles: UserRow['roles']) => (
        <Space size={[4, 4]} wrap>
          {roles.map((r) => (
            <Tag key={r} color={r === 'admin' ? 'red' : 'blue'} bordered={false}>
              {ROLE_LABELS[r]}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '所属单位',
      dataIndex: 'unitName',
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_: unknown, u) =>
        !u.active ? (
          <Tag>已停用</Tag>
        ) : u.locked ? (
          <Tooltip
            title={
              u.lockedUntil ? `登录失败次数过多，${dayjs(u.lockedUntil).format('HH:mm')} 自动解锁` : undefined
            }
          >
            <Tag color="warning">已锁定</Tag>
          </Tooltip>
        ) : (
          <Tag color="success">正常</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 260,
      render: (_: unknown, u) => {
        const self = u.id === me.data?.userId;
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
              编辑
            </Button>
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              disabled={!u.active}
              onClick={() => setDialog({ kind: 'password', user: u })}
            >
              重置密码
            </Button>
            {u.locked && (
              <Button
                type="link"
                size="small"
                icon={<UnlockOutlined />}
                onClick={() => act.mutate({ user: u, action: 'unlock' })}
              >
                解锁
              </Button>
            )}
            {u.active ? (
              <Tooltip title={self ? '不能停用自己的账号' : undefined}>
                <Button
                  type="link"
                  size="small"
                  danger
                  disabled={self}
                  onClick={() =>
                    modal.confirm({
                      title: `停用「${u.displayName}」的账号？`,
                      content: '停用后该账号立即退出所有登录，不能再登录；随时可以重新启用。',
                      okText: '停用',
                      okButtonProps: { danger: true },
                      cancelText: '取消',
                      onOk: () => act.mutateAsync({ user: u, action: 'deactivate' }).catch(() => undefined),
                    })
                  }
                >
                  停用
                </Button>
              </Tooltip>
            ) : (
              <Button type="link" size="small" onClick={() => act.mutate({ user: u, action: 'activate' })}>
                启用
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label="搜索用户"
          placeholder="按姓名、账号或单位名称搜索"
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 360 }}
        />
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} loading={users.isRefetching}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            新增用户
          </Button>
        </Space>
      </Flex>
      {users.isError && rows.length === 0 ? (
        <LoadFailed what="用户列表" error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <Table<UserRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={users.isPending}
            pagination={false}
            tableLayout="fixed"
            data-testid="user-table"
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={q ? `没有姓名、账号或单位包含“${q}”的用户` : '还没有用户'}
                />
              ),
            }}
          />
          <LoadMore
            shown={rows.length}
            hasMore={users.hasNextPage}
            loading={users.isFetchingNextPage}
            onMore={() => void users.fetchNextPage()}
          />
        </>
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserDialog
          user={dialog.kind === 'edit' ? dialog.user : undefined}
          onClose={(saved) => {
            setDialog(null);
            if (saved) void reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && <PasswordDialog user={dialog.user} onClose={() => setDialog(null)} />}
    </>
  );
}
