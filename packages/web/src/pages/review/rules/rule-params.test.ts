import { describe, expect, it } from 'vitest';
import { checkRuleParams } from '../../../../../server/src/domain/reply-review.ts';
import type { ReviewRule } from './review-rules-api.ts';
import { describeRule, toFormValues, toParams } from './rule-params.ts';

const r05: ReviewRule = {
  code: 'R05_EMPTY_PHRASE',
  name: '禁用空话套话',
  kind: 'forbidden_phrase',
  kindLabel: '禁用空话',
  severity: 'reject',
  severityLabel: '驳回建议',
  enabled: true,
  params: {
    phrases: ['已转交', '按规定办理'],
    maxOtherChars: 30,
    message: '答复只有套话',
    appliesWhen: { requestTypes: ['complaint'], refused: false },
    note: 'kept',
  },
  position: 50,
  version: 1,
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('review rule params in the editor', () => {
  it('round-trips a rule, keeping keys the editor does not show', () => {
    const v = toFormValues(r05);
    expect(v.refused).toBe('no');
    expect(v.finalReply).toBe('any');
    expect(toParams(v, r05.params)).toEqual(r05.params);
  });

  it('drops 适用条件 that are all 不限, and params of other kinds', () => {
    const v = toFormValues(r05);
    const params = toParams(
      {
        ...v,
        requestTypes: [],
        refused: 'any',
        params: { ...v.params, phrases: [' 研究后再说 ', ''], minChars: 5, minScore: 0.1 },
      },
      { ...r05.params, minChars: 9 },
    );
    expect(params).toEqual({
      phrases: ['研究后再说'],
      maxOtherChars: 30,
      message: '答复只有套话',
      note: 'kept',
    });
    expect(checkRuleParams('forbidden_phrase', params)).toBeNull();
  });

  it('says when a rule fires and for which replies', () => {
    expect(describeRule(r05)).toBe(
      '出现 2 个空话之一且其余实质内容少于 30 字；仅适用于投诉，非不予支持的答复',
    );
  });
});
