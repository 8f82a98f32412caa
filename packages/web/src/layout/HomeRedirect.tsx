import { Navigate } from 'react-router';
import { SCREENS } from '../app/workbenches.tsx';
import { can } from '../auth/access.ts';
import { useMe } from '../auth/session.ts';
import { PageLoading } from './PageLoading.tsx';

/** Sends each user to the first screen they may use. */
export default function HomeRedirect() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  const me_ = me.data;
  const first = SCREENS.find((s) => can(me_, s.access));
  return <Navigate to={first?.path ?? '/orders'} replace />;
}
