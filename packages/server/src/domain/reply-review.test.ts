import { describe, expect, it } from 'vitest';
import { Segmenter } from '../dispatch/model/segmenter.ts';
import { cleanText } from '../dispatch/model/text.ts';
import {
  checkRuleParams,
  contentWords,
  coverageRelevance,
  DEFAULT_RULES,
  evaluateReply,
  idfTable,
  looksRefused,
  type ReplyUnderReview,
  type ReviewRule,
  relevance,
  stripBoilerplate,
  substanceOf,
  withoutEchoedTitle,
} from './reply-review.ts';

const seg = new Segmenter();
const tok = (s: string) => seg.cut(cleanText(s));

const REQUEST = {
  requestTitle: '小区电梯坏了一周物业不修',
  requestContent: '望江花园3栋电梯坏了一周，物业公司一直不派人维修，老人上下楼很困难。',
  requestType: 'complaint' as const,
};
const GOOD =
  '您好！经街道工作人员现场核实，望江花园3栋电梯主板损坏，已责令物业公司更换主板，电梯已于3月5日修复并恢复运行。工作人员已电话联系您告知处理结果。';
const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code) as ReviewRule;
const only = (code: string, patch: Partial<ReviewRule> = {}) => [{ ...rule(code), ...patch }];
const check = (r: Partial<ReplyUnderReview>, rules: readonly ReviewRule[] = DEFAULT_RULES) =>
  evaluateReply({ ...REQUEST, reply: GOOD, ...r }, rules, tok);
const codes = (r: Partial<ReplyUnderReview>, rules?: readonly ReviewRule[]) =>
  check(r, rules).flags.map((f) => f.ruleCode);

describe('a substantive reply passes every default rule', () => {
  it('has no flags and a clear relevance', () => {
    const res = check({});
    expect(res.flags).toEqual([]);
    expect(res.relevance).toBeGreaterThan(0.2);
    expect(res.refused).toBe(false);
  });
});

describe('required_element rules', () => {
  it.each([
    ['R01_CONTACT', '已电话联系您', true],
    ['R01_CONTACT', '工作人员上门与您当面沟通', true],
    ['R01_CONTACT', '已与投诉人见面协商', true],
    ['R01_CONTACT', '经现场核实，已责令物业公司更换主板并修复电梯', false],
    ['R02_ACTION', '经现场核实，已责令物业公司更换主板', true],
    ['R02_ACTION', '电梯预计于3月10日完成维修', true],
    ['R02_ACTION', '我局已要求物业公司加快维修', true],
    ['R02_ACTION', '您反映的问题我们非常关注，我们会加强管理。已电话联系您。', false],
  ])('%s on 「%s」 → satisfied %s', (code, reply, satisfied) => {
    expect(codes({ reply }, only(code))).toEqual(satisfied ? [] : [code]);
  });

  it('the contact rule accepts the handler self-check 「已联系市民」', () => {
    expect(codes({ reply: '经现场核实，已修复电梯。', contactedCitizen: true }, only('R01_CONTACT'))).toEqual(
      [],
    );
    expect(
      codes({ reply: '经现场核实，已修复电梯。', contactedCitizen: false }, only('R01_CONTACT')),
    ).toEqual(['R01_CONTACT']);
  });

  it('rules limited to request types skip other types; an unknown type counts as any', () => {
    const reply = '您好，感谢来电。'.repeat(3);
    expect(codes({ reply, requestType: 'consultation' }, only('R02_ACTION'))).toEqual([]);
    expect(codes({ reply, requestType: 'complaint' }, only('R02_ACTION'))).toEqual(['R02_ACTION']);
    expect(codes({ reply, requestType: null }, only('R02_ACTION'))).toEqual(['R02_ACTION']);
  });

  it('a refusal needs a basis or a reason; a reply that is no refusal is not asked for one', () => {
    const bare = '您的诉求不予支持。';
    expect(codes({ reply: bare }, only('R03_REFUSAL_BASIS'))).toEqual(['R03_REFUSAL_BASIS']);
    expect(
      codes({ reply: '根据《物业管理条例》第三十五条，您的诉求不予支持。' }, only('R03_REFUSAL_BASIS')),
    ).toEqual([]);
    expect(codes({ reply: '由于该路段不属于本单位管辖范围，无法办理。' }, only('R03_REFUSAL_BASIS'))).toEqual(
      [],
    );
    expect(codes({ reply: GOOD }, only('R03_REFUSAL_BASIS'))).toEqual([]);
    expect(codes({ reply: '因未说明具体地址，无法查实，暂不能答复。' }, only('R03_REFUSAL_BASIS'))).toEqual(
      [],
    );
    expect(codes({ reply: '您的诉求很多，因此不予支持。' }, only('R03_REFUSAL_BASIS'))).toEqual([
      'R03_REFUSAL_BASIS',
    ]);
    // The caller may say it is a refusal even when the words do not show it.
    expect(codes({ reply: '此事另行研究。', refused: true }, only('R03_REFUSAL_BASIS'))).toEqual([
      'R03_REFUSAL_BASIS',
    ]);
    // … and the refused flag turns the action rule off (a refusal explains, it does not act).
    expect(codes({ reply: bare }, only('R02_ACTION'))).toEqual([]);
  });

  it('a final reply must name its basis', () => {
    expect(codes({ reply: GOOD, finalReply: true }, only('R04_FINAL_BASIS'))).toEqual(['R04_FINAL_BASIS']);
    expect(codes({ reply: GOOD, finalReply: false }, only('R04_FINAL_BASIS'))).toEqual([]);
    expect(
      codes({ reply: `${GOOD}依据《A市电梯安全管理办法》办理。`, finalReply: true }, only('R04_FINAL_BASIS')),
    ).toEqual([]);
  });
});

describe('forbidden_phrase: empty phrases only when they are all the reply says', () => {
  it.each([
    ['您好！您反映的问题已转交街道办理。感谢您的来信！', true],
    ['您好，已按规定办理。', true],
    ['您好！我们高度重视，正在处理中。2026年3月5日', true],
    [`您反映的问题已转交街道。${GOOD}`, false],
    [GOOD, false],
  ])('「%s」 → fires %s', (reply, fires) => {
    const res = check({ reply }, only('R05_EMPTY_PHRASE'));
    expect(res.flags.map((f) => f.ruleCode)).toEqual(fires ? ['R05_EMPTY_PHRASE'] : []);
    if (fires) expect(res.flags[0]?.evidence).toBeTruthy();
  });
});

describe('min_substance', () => {
  it('counts characters after greetings, thanks, dates and the echoed title', () => {
    expect(substanceOf('网友您好！感谢您对我们工作的支持！2026年3月5日')).toBe(0);
    expect(
      substanceOf(`关于您反映的“${REQUEST.requestTitle}”的问题，已收悉。`, REQUEST.requestTitle),
    ).toBeLessThan(6);
    expect(stripBoilerplate(GOOD)).toContain('现场核实');
    expect(codes({ reply: '您好，已修好。谢谢！' }, only('R06_MIN_SUBSTANCE'))).toEqual([
      'R06_MIN_SUBSTANCE',
    ]);
    expect(codes({ reply: GOOD }, only('R06_MIN_SUBSTANCE'))).toEqual([]);
  });

  it('the threshold is a parameter', () => {
    const lenient = only('R06_MIN_SUBSTANCE', { params: { minChars: 3, message: '太短' } });
    expect(codes({ reply: '您好，已修好电梯。' }, lenient)).toEqual([]);
  });
});

describe('relevance', () => {
  it('orders replies: on topic > partly on topic > another matter > empty', () => {
    const req = tok(`${REQUEST.requestTitle} ${REQUEST.requestContent}`);
    const scores = [
      GOOD,
      '您好，物业公司的问题我们会督促。',
      '您反映的路灯不亮问题，城管局已安排维修。',
      '',
    ].map((reply) => relevance(req, tok(reply)));
    expect(scores[0]).toBeGreaterThan(scores[1] as number);
    expect(scores[1]).toBeGreaterThan(scores[2] as number);
    expect(scores[2]).toBeGreaterThanOrEqual(scores[3] as number);
    expect(scores[3]).toBe(0);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('idf weighs rare words above common ones; coverage does not punish long replies', () => {
    const docs = [tok('电梯 维修'), tok('物业 问题'), tok('物业 收费'), tok('物业 停车')];
    const idf = idfTable(docs);
    expect(idf.get('电梯')).toBeGreaterThan(idf.get('物业') as number);
    const req = tok('电梯 物业');
    expect(relevance(req, tok('电梯'), idf)).toBeGreaterThan(relevance(req, tok('物业'), idf));
    expect(coverageRelevance(req, tok(`电梯 物业 ${'停车 收费 绿化 '.repeat(10)}`))).toBe(1);
  });

  it('an echoed title earns nothing', () => {
    const echo = `关于您反映的“${REQUEST.requestTitle}”的问题已收悉。`;
    expect(withoutEchoedTitle(echo, REQUEST.requestTitle)).not.toContain('电梯');
    expect(check({ reply: echo }, only('R07_RELEVANCE')).flags.map((f) => f.ruleCode)).toEqual([
      'R07_RELEVANCE',
    ]);
  });

  it('content words drop stop words, numbers and anonymised codes', () => {
    expect(contentWords(['的', '电梯', '3', 'A3区', 'uu00826', '物业'])).toEqual(['电梯', '物业']);
  });
});

describe('evaluation', () => {
  it('orders flags most severe first and skips disabled rules', () => {
    const res = check({ reply: '您好，已转交。' });
    const sev = res.flags.map((f) => f.severity);
    expect(sev.indexOf('reject')).toBe(0);
    expect(
      [...sev].sort(
        (a, b) => ['reject', 'warning', 'hint'].indexOf(a) - ['reject', 'warning', 'hint'].indexOf(b),
      ),
    ).toEqual(sev);
    const off = DEFAULT_RULES.map((r) => ({ ...r, enabled: false }));
    expect(check({ reply: '您好，已转交。' }, off).flags).toEqual([]);
  });

  it('recognises refusals', () => {
    expect(looksRefused('不符合廉租房申请条件')).toBe(true);
    expect(looksRefused('不属于本局职责范围')).toBe(true);
    expect(looksRefused(GOOD)).toBe(false);
  });
});

describe('checkRuleParams', () => {
  it.each([
    ['required_element', { patterns: ['联系'], message: 'm' }, null],
    ['required_element', { patterns: ['('], message: 'm' }, 'params.patterns'],
    ['required_element', { patterns: [], message: 'm' }, 'params.patterns'],
    ['forbidden_phrase', { phrases: ['已转交'], maxOtherChars: 30, message: 'm' }, null],
    ['forbidden_phrase', { phrases: ['已转交'], maxOtherChars: -1, message: 'm' }, 'params.maxOtherChars'],
    ['min_substance', { minChars: 50, message: 'm' }, null],
    ['min_substance', { minChars: 'x', message: 'm' }, 'params.minChars'],
    ['relevance', { minScore: 0.05, message: 'm' }, null],
    ['relevance', { minScore: 2, message: 'm' }, 'params.minScore'],
    ['relevance', { minScore: 0.05 }, 'params.message'],
  ] as const)('%s %j → %s', (kind, params, field) => {
    expect(checkRuleParams(kind, params as Record<string, unknown>)?.field ?? null).toBe(field);
  });

  it('every default rule has valid parameters', () => {
    for (const r of DEFAULT_RULES)
      expect(checkRuleParams(r.kind, r.params as unknown as Record<string, unknown>), r.code).toBeNull();
  });
});
