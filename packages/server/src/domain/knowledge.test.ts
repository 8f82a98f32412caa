import { describe, expect, it } from 'vitest';
import {
  addDays,
  clarificationChoices,
  DEFAULT_REMINDER_POLICY,
  dueReminders,
  KNOWLEDGE_ACTIONS,
  KNOWLEDGE_STATES,
  type KnowledgeAction,
  type KnowledgeState,
  localDay,
  nextKnowledgeState,
  validity,
  validityNotice,
} from './knowledge.ts';

describe('editorial workflow', () => {
  // Every (state, action) pair: where it leads, or null when refused.
  const TABLE: Record<KnowledgeState, Record<KnowledgeAction, KnowledgeState | null>> = {
    draft: {
      edit: 'draft',
      submit: 'in_review',
      reject: null,
      approve: null,
      withdraw: null,
      expire: null,
      confirm: null,
    },
    in_review: {
      edit: null,
      submit: null,
      reject: 'draft',
      approve: 'published',
      withdraw: null,
      expire: null,
      confirm: null,
    },
    published: {
      edit: 'draft',
      submit: null,
      reject: null,
      approve: null,
      withdraw: 'withdrawn',
      expire: 'expired',
      confirm: 'published',
    },
    expired: {
      edit: 'draft',
      submit: null,
      reject: null,
      approve: null,
      withdraw: 'withdrawn',
      expire: null,
      confirm: null,
    },
    withdrawn: {
      edit: 'draft',
      submit: null,
      reject: null,
      approve: null,
      withdraw: null,
      expire: null,
      confirm: null,
    },
  };
  for (const state of KNOWLEDGE_STATES)
    for (const action of KNOWLEDGE_ACTIONS)
      it(`${state} + ${action} → ${TABLE[state][action] ?? 'refused'}`, () => {
        expect(nextKnowledgeState(state, action)).toBe(TABLE[state][action]);
      });
});

describe('dates', () => {
  it.each([
    ['2026-03-01T15:59:59Z', '2026-03-01'],
    ['2026-03-01T16:00:00Z', '2026-03-02'],
  ])('localDay(%s) = %s (China Standard Time)', (iso, day) => {
    expect(localDay(new Date(iso))).toBe(day);
  });
  it('adds days across month ends', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-03-02', -365)).toBe('2025-03-02');
  });
  it.each([
    [{ effectiveFrom: null, expiresOn: null }, 'valid'],
    [{ effectiveFrom: '2026-01-01', expiresOn: '2026-03-02' }, 'valid'],
    [{ effectiveFrom: '2026-01-01', expiresOn: '2026-03-01' }, 'expired'],
    [{ effectiveFrom: '2026-03-03', expiresOn: null }, 'not_yet'],
  ] as const)('validity on 2026-03-02 of %j is %s', (e, v) => {
    expect(validity(e, '2026-03-02')).toBe(v);
  });
  it.each([
    ['published', null, null, null],
    ['published', null, '2026-03-01', '本条目已于 2026-03-01 失效'],
    ['expired', null, '2026-03-01', '本条目已于 2026-03-01 失效'],
    ['withdrawn', null, null, '本条目已撤回'],
    ['draft', null, null, '本条目尚未发布'],
    ['published', '2026-04-01', null, '本条目自 2026-04-01 起施行'],
  ] as const)('notice for %s (from %s, until %s)', (state, from, until, text) => {
    const n = validityNotice({ state, effectiveFrom: from, expiresOn: until }, '2026-03-02');
    if (text === null) expect(n).toBeNull();
    else expect(n).toContain(text);
  });
});

describe('reminders', () => {
  const today = '2026-03-02';
  it.each([
    // expiresOn, lastReviewedOn, kinds due
    [null, '2026-01-01', []],
    ['2026-04-01', '2026-01-01', ['expiry']], // 30 days ahead: within the notice window
    ['2026-04-02', '2026-01-01', []], // 31 days ahead
    ['2026-03-02', '2026-01-01', ['expiry']], // the last valid day
    ['2026-03-01', '2024-01-01', ['expired']], // past expiry: no review reminder any more
    [null, '2025-03-02', ['review']], // exactly 365 days
    [null, '2025-03-03', []],
    ['2026-03-20', '2024-06-01', ['expiry', 'review']],
  ] as const)('expires %s, reviewed %s → %j', (expiresOn, lastReviewedOn, kinds) => {
    const due = dueReminders({ title: '公积金贷款', expiresOn, lastReviewedOn }, today);
    expect(due.map((d) => d.kind)).toEqual(kinds);
  });
  it('keys a review reminder by its due day, so one per review period', () => {
    const [r] = dueReminders({ title: 'x', expiresOn: null, lastReviewedOn: '2024-06-01' }, today);
    expect(r?.dueOn).toBe(addDays('2024-06-01', DEFAULT_REMINDER_POLICY.reviewAfterDays));
    expect(r?.message).toContain('未复核');
  });
  it('follows a configured policy', () => {
    const due = dueReminders({ title: 'x', expiresOn: '2026-03-10', lastReviewedOn: '2026-01-01' }, today, {
      expiryNoticeDays: 7,
      reviewAfterDays: 60,
    });
    expect(due.map((d) => d.kind)).toEqual(['review']);
  });
});

describe('clarification', () => {
  const c = (id: number, score: number, caseGroup: string | null, caseLabel: string | null = null) => ({
    id,
    score,
    caseGroup,
    caseLabel,
  });
  it.each([
    ['no answers', [], null],
    ['one clear case', [c(1, 0.9, 'ins', '居民'), c(2, 0.4, 'ins', '职工')], null],
    ['two close cases', [c(1, 0.9, 'ins', '居民'), c(2, 0.8, 'ins', '职工')], [1, 2]],
    ['same label twice is one case', [c(1, 0.9, 'ins', '居民'), c(2, 0.85, 'ins', '居民')], null],
    [
      'best has no group, a close group has two cases',
      [c(9, 0.8, null), c(1, 0.75, 'ins', '居民'), c(2, 0.7, 'ins', '职工')],
      [1, 2],
    ],
    ['group far below the best', [c(9, 0.9, null), c(1, 0.4, 'ins', '居民'), c(2, 0.4, 'ins', '职工')], null],
    ['different groups do not mix', [c(1, 0.9, 'a', 'x'), c(2, 0.88, 'b', 'y')], null],
    [
      'three cases',
      [
        c(1, 0.9, 'ins', '居民'),
        c(2, 0.85, 'ins', '职工'),
        c(3, 0.8, 'ins', '灵活就业'),
        c(4, 0.1, 'ins', '新生儿'),
      ],
      [1, 2, 3],
    ],
  ] as const)('%s', (_name, ranked, ids) => {
    const got = clarificationChoices(ranked);
    expect(got?.map((x) => x.id) ?? null).toEqual(ids);
  });

  // What the question names of each entry: concept → weight (医保 0, 孩子 1, 新生儿 2, 学生 3).
  const named = (...pairs: [number, number][]) => new Map(pairs);
  const n = (id: number, score: number, label: string, m: Map<number, number>) => ({
    ...c(id, score, 'child', label),
    named: m,
  });
  it.each([
    [
      'a lower case the question cannot tell apart from the best is a choice',
      [n(1, 0.7, '新生儿', named([0, 1], [1, 2])), n(2, 0.1, '中小学生', named([0, 1], [1, 2]))],
      [1, 2],
    ],
    [
      'a lower case the question tells apart (it names 新生儿) is no choice',
      [n(1, 0.7, '新生儿', named([0, 1], [1, 2], [2, 3])), n(2, 0.1, '中小学生', named([0, 1], [1, 2]))],
      null,
    ],
    [
      'a case below the loose share is no choice however alike',
      [n(1, 0.9, '新生儿', named([0, 1])), n(2, 0.01, '中小学生', named([0, 1]))],
      null,
    ],
    [
      'alike cases of a group below the best answer do not make it doubt',
      [c(9, 0.9, null), n(1, 0.2, '新生儿', named([0, 1])), n(2, 0.2, '中小学生', named([0, 1]))],
      null,
    ],
  ] as const)('%s', (_name, ranked, ids) => {
    const got = clarificationChoices(ranked);
    expect(got?.map((x) => x.id) ?? null).toEqual(ids);
  });
});
