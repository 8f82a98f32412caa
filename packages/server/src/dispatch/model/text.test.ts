import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, featureCounts } from './features.ts';
import { Segmenter } from './segmenter.ts';
import { cleanText, MASK, mask, normalise } from './text.ts';

describe('normalise', () => {
  it('turns full-width forms half-width, lower-cases Latin and collapses whitespace', () => {
    expect(normalise('　ＡＢＣ１２３，\t\n  ＷｉＦｉ密码\u200b ')).toBe('abc123, wifi密码');
  });

  it('drops private-use characters so input cannot pose as a mask', () => {
    expect(normalise(`a${MASK.phone}b`)).toBe('ab');
  });
});

describe('mask', () => {
  it.each([
    ['我的电话13812345678请回电', `我的电话${MASK.phone}请回电`],
    ['电话 138-1234-5678。', `电话 ${MASK.phone}。`],
    ['+86 139 1234 5678', MASK.phone],
    ['座机0731-84123456', `座机${MASK.phone}`],
    ['身份证43010219900307123x', `身份证${MASK.id}`],
    ['老身份证430102900307123', `老身份证${MASK.id}`],
    ['户号2019123456', `户号${MASK.number}`],
    ['邮箱zhang.san@example.com', `邮箱${MASK.email}`],
  ])('masks %s', (input, expected) => {
    expect(mask(normalise(input))).toBe(expected);
  });

  it('keeps short numbers such as the hotline, floors and house numbers', () => {
    expect(cleanText('拨打12345，3栋12楼，2020年')).toBe('拨打12345,3栋12楼,2020年');
  });

  it('masks full-width digits too, since normalisation runs first', () => {
    expect(cleanText('１３８１２３４５６７８')).toBe(MASK.phone);
  });
});

describe('features', () => {
  it('never hold digits of phone or ID numbers', () => {
    const counts = featureCounts(
      ['噪音扰民 电话13812345678', '身份证号43010219900307123X，手机１５９ ８７６５ ４３２１'],
      new Segmenter(),
      DEFAULT_FEATURES,
    );
    const names = [...counts.keys()];
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => /[0-9]/.test(n))).toEqual([]);
    expect(names).toContain(`w:${MASK.phone}`);
    expect(names).toContain(`w:${MASK.id}`);
    expect(names).toContain('w:噪音');
  });
  it('cuts character n-grams by characters, astral ones included', () => {
    const names = [...featureCounts(['\u{20000}好'], new Segmenter(), DEFAULT_FEATURES).keys()];
    expect(names).toContain('c:\u{20000}好');
    expect(names).toContain('c:\u{20000}');
    expect(names.some((n) => /^c:[\uDC00-\uDFFF]/.test(n))).toBe(false);
  });
});
