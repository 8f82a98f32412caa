import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../platform/db.ts';

/**
 * Security audit entries (等保 2.0 level 3): logins, lockouts, unmasking of personal data, admin
 * changes. The table refuses UPDATE and DELETE, so entries cannot be altered afterwards.
 */
export interface AuditEntry {
  actor: Pick<Actor, 'userId'> | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    'INSERT INTO audit_log (actor_id, action, target_type, target_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      e.actor?.userId ?? null,
      e.action,
      e.targetType ?? null,
      e.targetId === undefined ? null : String(e.targetId),
      e.ip ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}
