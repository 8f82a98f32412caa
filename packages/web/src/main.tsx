import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { connectErrorHandling } from './api/error-handling.ts';
import { queryClient } from './app/query-client.ts';
import { AppRoutes } from './app/routes.tsx';
import { sessionLost } from './auth/session.ts';
import './styles.css';

dayjs.locale('zh-cn');

/** Hands antd's context-aware message API (locale, theme) to the one request-error handler. */
function ErrorHandlingBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => connectErrorHandling({ message, sessionLost }), [message]);
  return null;
}

const container = document.getElementById('root');
if (!container) {
  throw new Error('找不到页面挂载节点 #root');
}

createRoot(container).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#1a56b8', borderRadius: 6 } }}
      componentSize="middle"
    >
      <AntApp>
        <ErrorHandlingBridge />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
