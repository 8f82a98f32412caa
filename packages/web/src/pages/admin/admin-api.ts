import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import { handleRequestError } from '../../api/error-handling.ts';
import { ApiError } from '../../api/request-error.ts';
import type { paths } from '../../api/schema';

/** Types of the admin screens, all derived from the generated OpenAPI types. */
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Body<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type UserRow = Json<paths['/api/users']['get']['responses'][200]>['items'][number];
export type NewUser = Body<paths['/api/users']['post']['requestBody']>;
export type Rule = Json<paths['/api/sla/rules']['get']['responses'][200]>['items'][number];
export type RuleInput = Body<paths['/api/sla/rules/{id}']['put']['requestBody']>;
export type LimitValue = Rule['handleLimit'];
export type LimitUnit = LimitValue['unit'];
export type DraftPreview = Json<paths['/api/sla/preview']['post']['responses'][200]>;
export type CalendarDay = Json<paths['/api/calendar/month']['get']['responses'][200]>['days'][number];
export type ApiKey = Json<paths['/api/api-keys']['get']['responses'][200]>['items'][number];

/** Codes an admin form shows on its own fields rather than as a toast. */
export const FORM_ERRORS = [
  'VALIDATION_FAILED',
  'RULE_VIOLATION',
  'REFERENCE_NOT_FOUND',
  'ALREADY_EXISTS',
  'IN_USE',
] as const;

/** 'body.handleLimit.amount' → ['handleLimit', 'amount']; 'parentId' → ['parentId']. */
function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^(body|querystring|params)\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts a server error on the form field it names (字段错误显示在字段上); anything else, or a field
 * the form does not have, goes to the one request-error handler as a toast.
 */
export function showErrorOnForm(form: FormInstance, error: unknown, fields: readonly string[]) {
  if (error instanceof ApiError && typeof error.details.field === 'string') {
    const name = fieldPath(error.details.field);
    if (fields.includes(String(name[0]))) {
      const issues = error.details.issues as { message?: string }[] | undefined;
      const message =
        error.code === 'VALIDATION_FAILED' && issues?.[0]?.message ? issues[0].message : error.message;
      form.setFields([{ name, errors: [message] }]);
      return;
    }
  }
  handleRequestError(error);
}

export function useRules() {
  return useQuery({
    queryKey: ['admin', 'rules'],
    queryFn: async () => (await unwrap(api.GET('/api/sla/rules'))).items,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useCalendarMonth(month: string) {
  return useQuery({
    queryKey: ['admin', 'calendar', month],
    queryFn: async () =>
      (await unwrap(api.GET('/api/calendar/month', { params: { query: { month } } }))).days,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: ['admin', 'api-keys'],
    queryFn: async () => (await unwrap(api.GET('/api/api-keys'))).items,
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}

/** After an edit of units or categories, every screen's copy of the reference data is stale. */
export function useRefreshReference() {
  const queryClient = useQueryClient();
  return (what: 'units' | 'categories') => queryClient.invalidateQueries({ queryKey: ['reference', what] });
}
