import type { ErrorBody, ErrorCode } from './types.ts';

/** Codes the browser produces itself, beside the server's registry (platform/errors.ts). */
export type ClientErrorCode = 'NETWORK_ERROR';

/** A failed request, carrying our error body `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: ErrorCode | ClientErrorCode, message: string, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static network(cause: unknown) {
    const error = new ApiError(0, 'NETWORK_ERROR', '无法连接服务，请检查网络或稍后重试');
    error.cause = cause;
    return error;
  }

  static fromResponse(status: number, body: unknown) {
    if (isErrorBody(body)) {
      return new ApiError(status, body.error.code, body.error.message, body.error.details);
    }
    return new ApiError(status, 'INTERNAL', `服务异常（HTTP ${status}），请稍后重试`);
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
