/**
 * 知识库 rules without I/O: the editorial workflow, expiry and review-due reminders, and the
 * decision to ask the citizen back (反问澄清) instead of guessing between cases.
 */

export const KNOWLEDGE_KINDS = ['policy', 'guide', 'faq', 'process'] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];
export const KNOWLEDGE_KIND_LABELS: Record<KnowledgeKind, string> = {
  policy: '政策',
  guide: '办事指南',
  faq: '常见问答',
  process: '办理流程',
};

export const KNOWLEDGE_STATES = ['draft', 'in_review', 'published', 'expired', 'withdrawn'] as const;
export type KnowledgeState = (typeof KNOWLEDGE_STATES)[number];
export const KNOWLEDGE_STATE_LABELS: Record<KnowledgeState, string> = {
  draft: '草稿',
  in_review: '审核中',
  published: '已发布',
  expired: '已过期',
  withdrawn: '已撤回',
};

export const KNOWLEDGE_ACTIONS = [
  'edit',
  'submit',
  'reject',
  'approve',
  'withdraw',
  'expire',
  'confirm',
] as const;
export type KnowledgeAction = (typeof KNOWLEDGE_ACTIONS)[number];
export const KNOWLEDGE_ACTION_LABELS: Record<KnowledgeAction, string> = {
  edit: '修改',
  submit: '提交审核',
  reject: '退回修改',
  approve: '审核通过并发布',
  withdraw: '撤回',
  expire: '到期失效',
  confirm: '复核确认仍然有效',
};

/** Which permission an action needs: editors write and submit, publishers decide. */
export const KNOWLEDGE_ACTION_PERMISSION: Record<KnowledgeAction, 'knowledge.edit' | 'knowledge.publish'> = {
  edit: 'knowledge.edit',
  submit: 'knowledge.edit',
  reject: 'knowledge.publish',
  approve: 'knowledge.publish',
  withdraw: 'knowledge.publish',
  expire: 'knowledge.publish',
  confirm: 'knowledge.edit',
};

/**
 * The workflow. Editing a published, expired or withdrawn entry starts a new draft version (the
 * published text stays in the version history); an entry under review must be returned first.
 */
export const KNOWLEDGE_TRANSITIONS: Record<
  KnowledgeAction,
  { from: readonly KnowledgeState[]; to: KnowledgeState | 'same' }
> = {
  edit: { from: ['draft', 'published', 'expired', 'withdrawn'], to: 'draft' },
  submit: { from: ['draft'], to: 'in_review' },
  reject: { from: ['in_review'], to: 'draft' },
  approve: { from: ['in_review'], to: 'published' },
  withdraw: { from: ['published', 'expired'], to: 'withdrawn' },
  expire: { from: ['published'], to: 'expired' },
  confirm: { from: ['published'], to: 'same' },
};

/** The state an action leads to, or null when the action is not allowed from `state`. */
export function nextKnowledgeState(state: KnowledgeState, action: KnowledgeAction): KnowledgeState | null {
  const t = KNOWLEDGE_TRANSITIONS[action];
  if (!t.from.includes(state)) return null;
  return t.to === 'same' ? state : t.to;
}

// ── dates (all 'YYYY-MM-DD', local China date) ───────────────────────────────────────────────

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The China Standard Time calendar day of an instant, whatever the process time zone. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** An entry's validity on `today`: the expiry day itself is still valid. */
export function validity(
  e: { effectiveFrom: string | null; expiresOn: string | null },
  today: string,
): 'not_yet' | 'valid' | 'expired' {
  if (e.expiresOn && e.expiresOn < today) return 'expired';
  if (e.effectiveFrom && e.effectiveFrom > today) return 'not_yet';
  return 'valid';
}

/** What the entry view shows beside an entry that must not be quoted (or null when it may). */
export function validityNotice(
  e: { state: KnowledgeState; effectiveFrom: string | null; expiresOn: string | null },
  today: string,
): string | null {
  const v = validity(e, today);
  if (v === 'expired' || e.state === 'expired')
    return `本条目已于 ${e.expiresOn ?? '此前'} 失效，内容可能已过时，请勿作为答复依据。`;
  if (e.state === 'withdrawn') return '本条目已撤回，请勿作为答复依据。';
  if (v === 'not_yet') return `本条目自 ${e.effectiveFrom} 起施行，目前尚未生效。`;
  if (e.state !== 'published') return '本条目尚未发布，请勿作为答复依据。';
  return null;
}

export interface ReminderPolicy {
  /** Days before expiry at which the owner unit is reminded (default 30). */
  expiryNoticeDays: number;
  /** Days after the last review at which the owner unit is asked to review again (default 365). */
  reviewAfterDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { expiryNoticeDays: 30, reviewAfterDays: 365 };

export interface DueReminder {
  kind: 'expiry' | 'review' | 'expired';
  /** The date the reminder is about (expiry day or review-due day): with the kind, its unique key. */
  dueOn: string;
  message: string;
}

/**
 * Reminders due on `today` for a published entry. `lastReviewedOn` falls back to the publication
 * day. Each reminder is keyed by its due date so that a reminder is recorded once per expiry date
 * and once per review period.
 */
export function dueReminders(
  e: { title: string; expiresOn: string | null; lastReviewedOn: string | null },
  today: string,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): DueReminder[] {
  const out: DueReminder[] = [];
  if (e.expiresOn) {
    if (e.expiresOn < today)
      out.push({
        kind: 'expired',
        dueOn: e.expiresOn,
        message: `知识条目「${e.title}」已于 ${e.expiresOn} 到期失效，已停止用于答复；如仍有效请修订后重新发布。`,
      });
    else if (daysBetween(today, e.expiresOn) <= policy.expiryNoticeDays)
      out.push({
        kind: 'expiry',
        dueOn: e.expiresOn,
        message: `知识条目「${e.title}」将于 ${e.expiresOn} 到期，请及时复核、修订或确认续期。`,
      });
  }
  if (e.lastReviewedOn) {
    const due = addDays(e.lastReviewedOn, policy.reviewAfterDays);
    if (due <= today && !(e.expiresOn && e.expiresOn < today))
      out.push({
        kind: 'review',
        dueOn: due,
        message: `知识条目「${e.title}」自 ${e.lastReviewedOn} 起已超过 ${policy.reviewAfterDays} 天未复核，请核实内容是否仍然准确。`,
      });
  }
  return out;
}

// ── clarification (反问澄清) ──────────────────────────────────────────────────────────────────

export interface RankedCandidate {
  id: number;
  score: number;
  caseGroup: string | null;
  caseLabel: string | null;
  /**
   * What of the question the entry names in its title, question variants, case label or tags: the
   * question's concept → its weight.
   */
  named?: ReadonlyMap<number, number>;
}

export interface ClarifyPolicy {
  /** A rival case is close enough to ask back when its score is at least this share of the best. */
  closeShare: number;
  /**
   * A case scoring at least this share of the best is also a choice when the question names nothing
   * that sets the best case apart from it (it asks about the matter, not the case).
   */
  looseShare: number;
  /** "Nothing that sets it apart": the concepts only the best case names weigh at most this share. */
  distinctShare: number;
  /** How many top answers are looked at. */
  window: number;
}

export const DEFAULT_CLARIFY_POLICY: ClarifyPolicy = {
  closeShare: 0.5,
  looseShare: 0.05,
  distinctShare: 0,
  window: 6,
};

/** Share of what either entry names that only `a` names (0 when the question tells them apart by nothing). */
function distinctShare(a: RankedCandidate, b: RankedCandidate): number | null {
  if (!a.named || !b.named) return null;
  let only = 0;
  let all = 0;
  for (const [k, w] of a.named) {
    all += w;
    if (!b.named.has(k)) only += w;
  }
  for (const [k, w] of b.named) if (!a.named.has(k)) all += w;
  return all === 0 ? 0 : only / all;
}

/**
 * Ask back when the question does not tell the cases of one matter apart: take the best-ranked
 * entry that belongs to a case group; when it scores close to the best answer and another case of
 * the same group (a different label) scores close to it too — or, scoring lower, differs from it in
 * nothing the question names — return the choices (one per case, best first). Otherwise null:
 * answer directly.
 */
export function clarificationChoices(
  ranked: readonly RankedCandidate[],
  policy: ClarifyPolicy = DEFAULT_CLARIFY_POLICY,
): RankedCandidate[] | null {
  const best = ranked[0];
  if (!best || best.score <= 0) return null;
  const top = ranked.slice(0, policy.window);
  const close = top.filter((c) => c.score >= best.score * policy.closeShare);
  // The first case group (by rank) with two or more different cases close to the best answer.
  for (const lead of close) {
    if (lead.caseGroup === null) continue;
    const seen = new Set<string>();
    const choices: RankedCandidate[] = [];
    for (const c of top) {
      if (c.caseGroup !== lead.caseGroup) continue;
      const near = c.score >= best.score * policy.closeShare;
      // Only about the best answer's own matter: a lower group is no reason to doubt the best.
      const alike =
        lead === best &&
        c.score >= best.score * policy.looseShare &&
        (distinctShare(lead, c) ?? 1) <= policy.distinctShare;
      if (c !== lead && !near && !alike) continue;
      const label = c.caseLabel ?? `#${c.id}`;
      if (seen.has(label)) continue;
      seen.add(label);
      choices.push(c);
    }
    if (choices.length >= 2) return choices;
  }
  return null;
}
