import { toAppError } from '../platform/http.ts';
import type { Open311ErrorsT } from './schemas.ts';

/**
 * GeoReport v2 errors are a list of {code, description} with the HTTP status as the code — not
 * Jiesu's `{error:{…}}` envelope. Descriptions name the offending Open311 parameter first.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export const badRequest = (field: string, problem: string) => new Open311Error(400, `${field}: ${problem}`);
export const notFound = (what: string) => new Open311Error(404, what);
export const invalidApiKey = (problem = 'api_key 缺失、无效或已停用') => new Open311Error(403, problem);

/** Jiesu field paths (body.lat, querystring.status, params.format) to the Open311 parameter name. */
const stripContext = (field: string) => field.replace(/^(body|querystring|params|headers)\.?/, '') || field;

/** Whatever was thrown, as the status and error list a GeoReport client expects. */
export function toOpen311Errors(err: unknown): { status: number; errors: Open311ErrorsT } {
  if (err instanceof Open311Error) {
    return { status: err.status, errors: [{ code: err.status, description: err.message }] };
  }
  const app = toAppError(err);
  switch (app.code) {
    // The global auth hook rejects a bad X-Api-Key header with 401; GeoReport says 403.
    case 'API_KEY_INVALID':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return one(403, 'api_key 缺失、无效或已停用');
    case 'VALIDATION_FAILED': {
      const issues = (app.details.issues as { field: string; message: string }[] | undefined) ?? [];
      if (issues.length === 0) {
        return one(400, `${stripContext(String(app.details.field ?? 'request'))}: ${app.message}`);
      }
      return {
        status: 400,
        errors: issues.map((i) => ({ code: 400, description: `${stripContext(i.field)}: ${i.message}` })),
      };
    }
    // Only a category switched off between our check and the insert gets here.
    case 'REFERENCE_NOT_FOUND':
      return one(400, 'service_code: 服务不存在或已停用');
    case 'UNSUPPORTED_MEDIA_TYPE':
      return one(415, 'Content-Type 须为 application/x-www-form-urlencoded 或 application/json');
    default: {
      const field = app.details.field;
      return one(app.status, typeof field === 'string' ? `${field}: ${app.message}` : app.message);
    }
  }
}

const one = (status: number, description: string) => ({ status, errors: [{ code: status, description }] });
