import { describe, expect, it } from 'vitest';
import { citizenAnswer, citizenSteps, type TimelineEvent } from './citizen-view.ts';

const at = (m: number) => new Date(Date.UTC(2026, 2, 2, 1, m));
const ev = (
  action: TimelineEvent['action'],
  toState: TimelineEvent['toState'],
  payload = {},
  m = 0,
): TimelineEvent => ({
  action,
  toState,
  payload,
  at: at(m),
});

describe('what citizens see', () => {
  it('a direct answer is shown at once', () => {
    const events = [
      ev('create', 'pending_dispatch'),
      ev('direct_answer', 'closed', { answer: '可以办理' }, 1),
    ];
    expect(citizenAnswer(events)).toEqual({ content: '可以办理', at: at(1).toISOString() });
    expect(citizenSteps(events, () => undefined).map((s) => s.text)).toEqual([
      '您的诉求已受理',
      '热线已直接答复',
    ]);
  });

  it('a reply is shown only once it passed the last review; a redo hides it again', () => {
    const reply = ev('reply', 'unit_review', { content: '已修复' }, 2);
    expect(citizenAnswer([reply])).toBeNull();
    const approved = [
      reply,
      ev('approve_review', 'centre_review', {}, 3),
      ev('approve_review', 'visit_pending', {}, 4),
    ];
    expect(citizenAnswer(approved)?.content).toBe('已修复');
    expect(citizenAnswer([...approved, ev('visit', 'dispatched', {}, 5)])).toBeNull();
  });

  it('with no review levels the reply is shown as it is sent', () => {
    expect(citizenAnswer([ev('reply', 'visit_pending', { content: '已处理' })])?.content).toBe('已处理');
  });

  it('a rejected reply is never shown, even when a later one is approved', () => {
    const events = [
      ev('reply', 'unit_review', { content: '草稿' }),
      ev('reject_review', 'handling'),
      ev('reply', 'unit_review', { content: '正式答复' }),
      ev('approve_review', 'visit_pending'),
    ];
    expect(citizenAnswer(events)?.content).toBe('正式答复');
  });

  it('names units but hides internal steps', () => {
    const events = [
      ev('dispatch', 'dispatched', { leadUnitId: 7 }),
      ev('return', 'return_requested', { reason: '不归我们管' }),
      ev('reassign', 'dispatched', { leadUnitId: 8 }),
      ev('delegate', 'dispatched'),
      ev('refuse_extension', 'handling'),
    ];
    const names: Record<number, string> = { 7: '滨江街道', 8: '市城管局' };
    expect(citizenSteps(events, (id) => names[id as number]).map((s) => s.text)).toEqual([
      '已转交滨江街道办理',
      '已转交市城管局办理',
    ]);
  });
});
