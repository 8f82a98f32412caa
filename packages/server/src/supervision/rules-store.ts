import { WorkCalendar } from '../domain/calendar.ts';
import {
  DEFAULT_SUPERVISION_RULES,
  type SupervisionCause,
  type SupervisionLevel,
  type SupervisionRule,
} from '../domain/supervision.ts';
import type { Queryable } from '../platform/db.ts';

export interface RuleRowDb {
  cause: SupervisionCause;
  name: string;
  enabled: boolean;
  level: SupervisionLevel;
  params: Record<string, unknown>;
  updated_at: Date;
  updated_by: number | null;
}

export const toSupervisionRule = (r: RuleRowDb): SupervisionRule =>
  ({
    cause: r.cause,
    name: r.name,
    enabled: r.enabled,
    level: r.level,
    // Parameters a newer version added fall back to the defaults.
    params: { ...DEFAULT_SUPERVISION_RULES[r.cause].params, ...r.params },
  }) as SupervisionRule;

/** All rules as admins keep them now (read fresh: rules are few and edits must act at once). */
export async function loadSupervisionRules(q: Queryable): Promise<RuleRowDb[]> {
  return q.query<RuleRowDb>('SELECT * FROM supervision_rules ORDER BY cause');
}

/** One cause's rule, e.g. for the duplicate finder to read `same_matter`'s `minPeople`. */
export async function loadSupervisionRule<C extends SupervisionCause>(
  q: Queryable,
  cause: C,
): Promise<SupervisionRule<C>> {
  const [row] = await q.query<RuleRowDb>('SELECT * FROM supervision_rules WHERE cause = $1', [cause]);
  return (row ? toSupervisionRule(row) : DEFAULT_SUPERVISION_RULES[cause]) as SupervisionRule<C>;
}

/** The working calendar with the admins' overrides, for callers that have no reference-data cache. */
export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  const days = await q.query<{ day: string; is_workday: boolean }>(
    'SELECT day, is_workday FROM calendar_days',
  );
  return new WorkCalendar({ overrides: new Map(days.map((d) => [d.day, d.is_workday])) });
}
