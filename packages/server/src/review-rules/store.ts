import {
  type ReviewRule,
  RULE_KIND_LABELS,
  type RuleKind,
  type RuleParams,
  SEVERITY_LABELS,
  type Severity,
} from '../domain/reply-review.ts';
import type { Queryable } from '../platform/db.ts';

/** A `review_rules` row as the database returns it. */
export interface ReviewRuleRow {
  code: string;
  name: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  params: RuleParams;
  position: number;
  version: number;
  updated_at: Date;
}

export const toReviewRule = (r: ReviewRuleRow): ReviewRule => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  severity: r.severity,
  enabled: r.enabled,
  params: r.params,
});

export const toRuleView = (r: ReviewRuleRow) => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  kindLabel: RULE_KIND_LABELS[r.kind],
  severity: r.severity,
  severityLabel: SEVERITY_LABELS[r.severity],
  enabled: r.enabled,
  params: r.params as unknown as Record<string, unknown>,
  position: r.position,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

/** All rules in review order (position, then code). */
export async function loadReviewRules(q: Queryable): Promise<ReviewRuleRow[]> {
  return q.query<ReviewRuleRow>('SELECT * FROM review_rules ORDER BY position, code');
}
