import type { Sessions } from './auth/sessions.ts';
import type { ReviewLevel } from './domain/order-lifecycle.ts';
import type { ReferenceData } from './organisation/reference-data.ts';
import type { Db } from './platform/db.ts';

/**
 * A deployment's local differences, typed and with defaults (one city reviews replies at unit and
 * centre level, another only at the centre) — never `if (city === …)` in the code.
 */
export interface Policy {
  /** Reply reviews after the handler's own self-check, in order. */
  reviewLevels: readonly ReviewLevel[];
}

export const DEFAULT_POLICY: Policy = { reviewLevels: ['unit', 'centre'] };

/** What services need from the running process; each service takes only what it uses. */
export interface Context {
  db: Db;
  refs: ReferenceData;
  sessions: Sessions;
  now: () => Date;
  policy: Policy;
}
