import { describe, expect, it } from 'vitest';
import { bigrams, jaccard, overlap, placeKey, textSimilarity } from './similarity.ts';

describe('similarity', () => {
  it('bigrams mask phone numbers and ignore punctuation', () => {
    expect([...bigrams('楼下噪音，电话13800001111')]).toEqual(['楼下', '下噪', '噪音', '电话', '话\uE000']);
  });

  it.each([
    ['same text', '小区门口占道经营严重', '小区门口占道经营严重', 1, 1],
    ['unrelated', '小区门口占道经营严重', '公积金提取怎么办理', 0, 0],
    ['contained', '占道经营', '小区门口占道经营严重', 3 / 9, 1],
  ])('%s', (_n, a, b, j, o) => {
    expect(jaccard(bigrams(a), bigrams(b))).toBeCloseTo(j);
    expect(overlap(bigrams(a), bigrams(b))).toBeCloseTo(o);
    expect(textSimilarity(bigrams(a), bigrams(b))).toBeCloseTo((j + o) / 2);
  });

  it('empty texts are not similar', () => {
    expect(jaccard(new Set(), bigrams('a b'))).toBe(0);
    expect(overlap(new Set(), new Set())).toBe(0);
  });

  it.each([
    ['江滨区望江路12号江月花园3幢2单元301室', '江滨区望江路江月花园'],
    ['枫林镇岭下村5组12号', '枫林镇岭下村'],
    ['望江路 8 号', '望江路'],
  ])('placeKey(%s) = %s', (a, key) => {
    expect(placeKey(a)).toBe(key);
  });
});
