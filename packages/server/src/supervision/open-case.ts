import type { WorkCalendar } from '../domain/calendar.ts';
import { caseDeadline, type SupervisionCause } from '../domain/supervision.ts';
import type { Queryable } from '../platform/db.ts';
import { loadCalendar, loadSupervisionRule } from './rules-store.ts';

export interface OpenCaseInput {
  cause: SupervisionCause;
  /** What the case is about, unique per cause: `order:<id>`, `unit:<id>:<period>`, a duplicate cluster … */
  subjectKey: string;
  orderId?: number | null;
  unitId?: number | null;
  summary: string;
  at: Date;
}

/**
 * Opens a 督办 case, exactly once per cause and subject: the insert is `ON CONFLICT DO NOTHING` on
 * the unique (cause, subject_key), so two processes (or the scanner and another feature) racing for
 * the same subject get one case; the loser waits for the winner's commit and gets `created: false`.
 *
 * Runs inside the caller's transaction. The case opens at the level of the cause's rule, with the
 * level's working-day deadline. When the case exists already, a new `orderId` is linked to it (the
 * 4th caller on the same matter joins the case) and its history records the link.
 *
 * When the cause's rule is disabled by the admins nothing is opened and `{ id: 0, created: false }`
 * comes back.
 */
export async function openSupervisionCase(
  tx: Queryable,
  input: OpenCaseInput,
  calendar?: WorkCalendar,
): Promise<{ id: number; created: boolean }> {
  const rule = await loadSupervisionRule(tx, input.cause);
  if (!rule.enabled) return { id: 0, created: false };
  const due = caseDeadline(rule.level, input.at, calendar ?? (await loadCalendar(tx)));
  const [inserted] = await tx.query<{ id: number }>(
    `INSERT INTO supervision_cases (cause, subject_key, level, summary, order_id, unit_id, due_at, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (cause, subject_key) DO NOTHING RETURNING id`,
    [
      input.cause,
      input.subjectKey,
      rule.level,
      input.summary,
      input.orderId ?? null,
      input.unitId ?? null,
      due,
      input.at,
    ],
  );
  if (inserted) {
    await tx.query(
      `INSERT INTO supervision_case_events (case_id, action, from_status, to_status, level, note, payload, created_at)
       VALUES ($1, 'open', NULL, 'open', $2, $3, $4, $5)`,
      [inserted.id, rule.level, input.summary, JSON.stringify({ cause: input.cause, dueAt: due }), input.at],
    );
    if (input.orderId) await linkOrder(tx, inserted.id, input.orderId, input.at);
    return { id: inserted.id, created: true };
  }
  const [existing] = await tx.query<{ id: number; status: string; level: string }>(
    'SELECT id, status, level FROM supervision_cases WHERE cause = $1 AND subject_key = $2',
    [input.cause, input.subjectKey],
  );
  if (!existing) throw new Error(`supervision case ${input.cause}/${input.subjectKey} vanished`);
  if (input.orderId && (await linkOrder(tx, existing.id, input.orderId, input.at))) {
    await tx.query(
      `INSERT INTO supervision_case_events (case_id, action, from_status, to_status, level, note, payload, created_at)
       VALUES ($1, 'link', $2, $2, $3, $4, $5, $6)`,
      [
        existing.id,
        existing.status,
        existing.level,
        input.summary,
        JSON.stringify({ orderId: input.orderId }),
        input.at,
      ],
    );
  }
  return { id: existing.id, created: false };
}

/** Links an order to a case; true when it was not linked yet. */
async function linkOrder(tx: Queryable, caseId: number, orderId: number, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO supervision_case_orders (case_id, order_id, linked_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING order_id`,
    [caseId, orderId, at],
  );
  return rows.length > 0;
}
