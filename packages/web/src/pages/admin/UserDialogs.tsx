import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { ROLE_LABELS } from '../../auth/access.ts';
import { FORM_ERRORS, showErrorOnForm, type UserRow } from './admin-api.ts';
import { UnitPicker } from './UnitPicker.tsx';

const ROLES = Object.keys(ROLE_LABELS) as Role[];
const UNIT_ROLES: Role[] = ['handler', 'unit_reviewer'];

/** Same rule as the server: at least 10 characters of at least two kinds. */
const PASSWORD_RULES = [
  { required: true, message: '请填写密码' },
  { min: 10, message: '密码至少 10 位' },
  { max: 200, message: '密码最多 200 位' },
  {
    validator: (_: unknown, v?: string) =>
      !v || [/[a-zA-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(v)).length >= 2
        ? Promise.resolve()
        : Promise.reject(new Error('密码须包含字母、数字、符号中的至少两类')),
  },
];

interface UserValues {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  unitId?: number | null;
}

/** 新增用户 / 编辑用户: roles with their Chinese names and the unit from the organisation tree. */
export function UserDialog(props: { user?: UserRow | undefined; onClose: (saved: boolean) => void }) {
  const { user } = props;
  const [form] = Form.useForm<UserValues>();
  const { message } = App.useApp();
  const roles = Form.useWatch('roles', form) ?? user?.roles ?? [];
  const needsUnit = roles.some((r) => UNIT_ROLES.includes(r));

  const save = useMutation({
    mutationFn: (v: UserValues) =>
      user
        ? unwrap(
            api.PATCH('/api/users/{id}', {
              params: { path: { id: user.id } },
              body: { displayName: v.displayName.trim(), roles: v.roles, unitId: v.unitId ?? null },
            }),
          )
        : unwrap(
            api.POST('/api/users', {
              body: {
                username: v.username.trim(),
                displayName: v.displayName.trim(),
                password: v.password,
                roles: v.roles,
                ...(v.unitId ? { unitId: v.unitId } : {}),
              },
            }),
          ),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: (_, v) => {
      message.success(user ? `已保存「${v.displayName.trim()}」` : `已新增用户 ${v.username.trim()}`);
      props.onClose(true);
    },
    onError: (error) =>
      showErrorOnForm(form, error, ['username', 'displayName', 'password', 'roles', 'unitId']),
  });

  return (
    <Modal
      open
      title={user ? `编辑用户「${user.displayName}」` : '新增用户'}
      okText={user ? '保存' : '新增'}
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
      width={560}
    >
      <Form<UserValues>
        form={form}
        name="user-dialog"
        layout="vertical"
        style={{ marginTop: 16 }}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                roles: user.roles,
                unitId: user.unitId,
              }
            : { roles: [] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="username"
          label="登录账号"
          extra={user ? '账号创建后不能修改' : '小写字母、数字和 _ . -，2–40 位'}
          rules={[
            { required: true, message: '请填写登录账号' },
            { pattern: /^[a-z0-9_.-]{2,40}$/, message: '账号只能包含小写字母、数字和 _ . -，2–40 位' },
          ]}
        >
          <Input disabled={Boolean(user)} autoComplete="off" placeholder="如 zhang.wei" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请填写姓名' },
            { max: 50, message: '姓名最多 50 个字' },
          ]}
        >
          <Input autoComplete="off" placeholder="如 张伟" />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label="初始密码"
            rules={PASSWORD_RULES}
            extra="至少 10 位，含字母、数字、符号中的两类"
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
          <Select
            mode="multiple"
            placeholder="可多选"
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label="所属单位"
          dependencies={['roles']}
          extra={needsUnit ? '承办人员和单位审核员只能办理本单位及下级单位的工单' : '中心人员可不选'}
          rules={[{ required: needsUnit, message: '承办人员和单位审核员必须选择所属单位' }]}
        >
          <UnitPicker />
        </Form.Item>
        {user && !user.active && <Alert type="warning" showIcon title="该账号已停用，保存不会启用它。" />}
      </Form>
    </Modal>
  );
}

/** 重置密码: the admin sets a new password; the user's sessions end and a lockout is lifted. */
export function PasswordDialog(props: { user: UserRow; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { password: string }) =>
      unwrap(
        api.POST('/api/users/{id}/password', {
          params: { path: { id: props.user.id } },
          body: { password: v.password },
        }),
      ),
    meta: { quietErrors: FORM_ERRORS },
    onSuccess: () => {
      message.success(`已重置「${props.user.displayName}」的密码`);
      props.onClose();
    },
    onError: (error) => showErrorOnForm(form, error, ['password']),
  });
  return (
    <Modal
      open
      title={`重置「${props.user.displayName}」的密码`}
      okText="重置密码"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ margin: '16px 0' }}
        title="重置后该用户的所有登录立即失效，登录锁定同时解除。请通过安全渠道把新密码告诉本人。"
      />
      <Form form={form} layout="vertical" name="password-dialog" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="password" label="新密码" rules={PASSWORD_RULES}>
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
