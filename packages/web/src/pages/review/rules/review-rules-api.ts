import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema';

export {
  RULE_KIND_LABELS,
  RULE_KINDS,
  SEVERITIES,
  SEVERITY_LABELS,
} from '../../../../../server/src/domain/reply-review.ts';

/** Types of the 审核规则 screen, all derived from the generated OpenAPI types. */
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Body<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type ReviewRule = Json<paths['/api/review-rules']['get']['responses'][200]>['items'][number];
export type RuleKind = ReviewRule['kind'];
export type Severity = ReviewRule['severity'];
export type NewReviewRule = Body<paths['/api/review-rules']['post']['requestBody']>;
export type ReviewRuleChange = Body<paths['/api/review-rules/{code}']['put']['requestBody']>;
export type CheckInput = Body<paths['/api/review-rules/check']['post']['requestBody']>;
export type CheckResult = Json<paths['/api/review-rules/check']['post']['responses'][200]>;

/** The same colours as the reviewer's automatic-check flags (ReplyCheckFlags). */
export const SEVERITY_COLORS: Record<Severity, string> = { reject: 'red', warning: 'orange', hint: 'blue' };

/** Every query of this screen starts with this key: one invalidation refreshes the list and 试一试. */
export const RULES_KEY = ['review-rules'] as const;

export function useReviewRules() {
  return useQuery({
    queryKey: [...RULES_KEY, 'list'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/review-rules', { signal })),
    meta: { quietErrors: ['NETWORK_ERROR', 'INTERNAL'] },
  });
}
