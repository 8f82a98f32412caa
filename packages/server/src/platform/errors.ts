/**
 * The one error type of Jiesu. Every code has a fixed HTTP status and a Chinese message that users
 * read; `Record<ErrorCode, …>` makes a missing entry a compile error. Codes are stable: never reuse
 * a retired code (list it in RETIRED_ERROR_CODES instead).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '请求参数有误' },
  MALFORMED_BODY: { status: 400, message: '请求体不是有效的 JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定' },
  API_KEY_INVALID: { status: 401, message: 'API 密钥无效或已停用' },
  FORBIDDEN: { status: 403, message: '没有执行此操作的权限' },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  REFERENCE_NOT_FOUND: { status: 422, message: '引用的对象不存在' },
  INVALID_TRANSITION: { status: 409, message: '工单当前状态不允许此操作' },
  VERSION_CONFLICT: { status: 409, message: '工单已被他人更新，请刷新后重试' },
  RETURN_WINDOW_PASSED: { status: 409, message: '已超过退单时限' },
  EXTENSION_PENDING: { status: 409, message: '已有待审批的延期申请' },
  NO_PENDING_EXTENSION: { status: 409, message: '没有待审批的延期申请' },
  RULE_VIOLATION: { status: 422, message: '不符合业务规则' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '幂等键已用于内容不同的请求' },
  ALREADY_EXISTS: { status: 409, message: '对象已存在' },
  IN_USE: { status: 409, message: '对象仍在使用中，不能停用' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器内部错误' },
  FORMAT_UNAVAILABLE: { status: 422, message: '暂不能生成所请求的格式' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes that were used once and must never come back with another meaning. */
export const RETIRED_ERROR_CODES: readonly string[] = [];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, message?: string) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (resource: string, id?: unknown) =>
  new AppError('NOT_FOUND', id === undefined ? { resource } : { resource, id });

export const referenceNotFound = (field: string, id: unknown) =>
  new AppError('REFERENCE_NOT_FOUND', { field, id }, `字段 ${field} 引用的对象不存在：${String(id)}`);

export const ruleViolation = (field: string, message: string) =>
  new AppError('RULE_VIOLATION', { field }, message);
