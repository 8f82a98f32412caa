import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError, type ClientErrorCode } from './request-error.ts';
import type { ErrorCode } from './types.ts';

/**
 * The one place that decides how a failed request shows in the UI (CRAFT §12). Every server code is
 * listed, so a code added to the server's registry is a compile error here until it is placed.
 * - error / warning: a toast with the server's Chinese message
 * - login: the session is gone; the layout sends the user to the login page
 * - page: the page itself shows a designed state (e.g. 工单不存在或无权查看), no toast
 */
type Presentation = 'error' | 'warning' | 'login' | 'page';

export const ERROR_PRESENTATION: Record<ErrorCode | ClientErrorCode, Presentation> = {
  VALIDATION_FAILED: 'error',
  MALFORMED_BODY: 'error',
  UNSUPPORTED_MEDIA_TYPE: 'error',
  PAYLOAD_TOO_LARGE: 'error',
  UNAUTHENTICATED: 'login',
  LOGIN_FAILED: 'error',
  ACCOUNT_LOCKED: 'error',
  API_KEY_INVALID: 'login',
  FORBIDDEN: 'error',
  NOT_FOUND: 'page',
  REFERENCE_NOT_FOUND: 'error',
  INVALID_TRANSITION: 'warning',
  VERSION_CONFLICT: 'warning',
  RETURN_WINDOW_PASSED: 'warning',
  EXTENSION_PENDING: 'warning',
  NO_PENDING_EXTENSION: 'warning',
  RULE_VIOLATION: 'error',
  IDEMPOTENCY_KEY_REUSED: 'error',
  ALREADY_EXISTS: 'warning',
  IN_USE: 'warning',
  RATE_LIMITED: 'warning',
  INTERNAL: 'error',
  FORMAT_UNAVAILABLE: 'error',
  NETWORK_ERROR: 'error',
};

let toast: MessageInstance | null = null;
let onSessionLost: (() => void) | null = null;

/** Wired once by the app shell: antd's context-aware message API and what to do when logged out. */
export function connectErrorHandling(options: { message: MessageInstance; sessionLost: () => void }) {
  toast = options.message;
  onSessionLost = options.sessionLost;
}

/** The text a person reads for an error, with the offending field when the server names one. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return '操作失败，请稍后重试';
  const field = error.details.field;
  return error.code === 'VALIDATION_FAILED' && typeof field === 'string'
    ? `${error.message}（${field}）`
    : error.message;
}

/** Shows a failed request as its code says; `quiet` lists codes the caller shows itself. */
export function handleRequestError(error: unknown, quiet: readonly ApiError['code'][] = []) {
  if (error instanceof ApiError && quiet.includes(error.code)) return;
  const presentation = error instanceof ApiError ? ERROR_PRESENTATION[error.code] : 'error';
  switch (presentation) {
    case 'login':
      toast?.warning({ content: '登录已失效，请重新登录', key: 'session-lost' });
      onSessionLost?.();
      return;
    case 'page':
      return;
    case 'warning':
      toast?.warning(describeError(error));
      return;
    case 'error':
      toast?.error(describeError(error));
      return;
  }
}
