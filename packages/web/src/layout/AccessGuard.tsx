import { Button, Result } from 'antd';
import { Link, Outlet } from 'react-router';
import { type AccessKey, can } from '../auth/access.ts';
import { useMe } from '../auth/session.ts';

/** Shows a designed 403 instead of a screen the user's permissions do not cover. */
export default function AccessGuard({ access }: { access: AccessKey }) {
  const me = useMe();
  if (me.data && !can(me.data, access)) {
    return (
      <Result
        status="403"
        title="没有访问权限"
        subTitle="您的账号没有使用此功能的权限。如需开通，请联系系统管理员。"
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    );
  }
  return <Outlet />;
}
