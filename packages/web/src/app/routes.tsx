import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageLoading } from '../layout/PageLoading.tsx';
import { SCREENS } from './workbenches.tsx';

// Route-level code splitting: the entry holds only the shell; each screen is its own chunk, so a
// later citizens' portal route never loads the staff pages.
const LoginPage = lazy(() => import('../pages/login/LoginPage.tsx'));
const StaffLayout = lazy(() => import('../layout/StaffLayout.tsx'));
const HomeRedirect = lazy(() => import('../layout/HomeRedirect.tsx'));
const OrderListPage = lazy(() => import('../pages/orders/OrderListPage.tsx'));
const OrderDetailPage = lazy(() => import('../pages/orders/OrderDetailPage.tsx'));
const IntakePage = lazy(() => import('../pages/intake/IntakePage.tsx'));
const DispatchPage = lazy(() => import('../pages/dispatch/DispatchPage.tsx'));
const HandlePage = lazy(() => import('../pages/handle/HandlePage.tsx'));
const ReviewPage = lazy(() => import('../pages/review/ReviewPage.tsx'));
const VisitPage = lazy(() => import('../pages/visit/VisitPage.tsx'));
const AdminPage = lazy(() => import('../pages/admin/AdminPage.tsx'));
const SupervisePage = lazy(() => import('../pages/supervise/SupervisePage.tsx'));
const AnalyticsPage = lazy(() => import('../pages/analytics/AnalyticsPage.tsx'));
const KnowledgePage = lazy(() => import('../pages/knowledge/KnowledgePage.tsx'));
const ComingSoonPage = lazy(() => import('../pages/workbench/ComingSoonPage.tsx'));
const NotFoundPage = lazy(() => import('../pages/errors/NotFoundPage.tsx'));
const AccessGuard = lazy(() => import('../layout/AccessGuard.tsx'));
// The citizens' portal: public, mobile-first, outside the staff layout and its chunks.
const PortalPage = lazy(() => import('../pages/portal/PortalPage.tsx'));

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/portal/*" element={<PortalPage />} />
        <Route element={<StaffLayout />}>
          <Route index element={<HomeRedirect />} />
          <Route element={<AccessGuard access="orders" />}>
            <Route path="/orders" element={<OrderListPage />} />
            <Route path="/orders/:id" element={<OrderDetailPage />} />
          </Route>
          <Route element={<AccessGuard access="intake" />}>
            <Route path="/intake" element={<IntakePage />} />
          </Route>
          <Route element={<AccessGuard access="dispatch" />}>
            <Route path="/dispatch" element={<DispatchPage />} />
          </Route>
          <Route element={<AccessGuard access="handle" />}>
            <Route path="/handle" element={<HandlePage />} />
          </Route>
          <Route element={<AccessGuard access="review" />}>
            <Route path="/review" element={<ReviewPage />} />
          </Route>
          <Route element={<AccessGuard access="visit" />}>
            <Route path="/visit" element={<VisitPage />} />
          </Route>
          <Route element={<AccessGuard access="supervise" />}>
            <Route path="/supervise" element={<SupervisePage />} />
          </Route>
          <Route element={<AccessGuard access="admin" />}>
            <Route path="/admin" element={<AdminPage />} />
          </Route>
          <Route element={<AccessGuard access="analytics" />}>
            <Route path="/analytics" element={<AnalyticsPage />} />
          </Route>
          <Route element={<AccessGuard access="knowledge" />}>
            <Route path="/knowledge" element={<KnowledgePage />} />
          </Route>
          {SCREENS.filter((s) => s.comingSoon).map((screen) => (
            <Route key={screen.path} element={<AccessGuard access={screen.access} />}>
              <Route path={screen.path} element={<ComingSoonPage screen={screen} />} />
            </Route>
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route path="/index.html" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
