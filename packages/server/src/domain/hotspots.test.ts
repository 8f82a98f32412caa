import { describe, expect, it } from 'vitest';
import {
  clusterMessages,
  DEFAULT_HEAT_WEIGHTS,
  detectRise,
  extractPlaces,
  growthOf,
  type HotMessage,
  heatIndex,
  peakWindow,
  poissonUpperTail,
  samePlace,
  windowFigures,
} from './hotspots.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2);

const msg = (
  id: string,
  day: number,
  person: string,
  words: string,
  places: string[] = [],
  likes = 0,
): HotMessage => ({
  id,
  at: T0 + day * DAY,
  person,
  words: words.split(' '),
  places,
  likes,
  dislikes: 0,
});

describe('extractPlaces', () => {
  it.each([
    ['A市A5区魅力之城小区临街门面油烟扰民', ['魅力之城小区']],
    ['位于A市A2区桂花坪街道的景蓉华苑物业', ['桂花坪街道', '景蓉华苑']],
    ['A7县春华镇金鼎村水泥路到户', ['春华镇', '金鼎村']],
    ['我们小区的路灯坏了', []],
    ['潇楚南路洋湖段怎么还没修好', ['潇楚南路']],
    ['投诉望江花园旁工地噪音', ['望江花园']],
    ['距铁路30米，口没有人行天桥', []],
  ])('%s → %j', (text, places) => {
    expect(extractPlaces(text)).toEqual(places);
  });
});

describe('samePlace', () => {
  it.each([
    ['滨河苑', '伊景园滨河苑', true],
    ['绿地海外滩小区', '绿地海外滩二期小区', true],
    ['望江花园', '望江花园', true],
    ['望江花园', '望江路', false],
    ['金鼎村', '春华镇', false],
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(samePlace(a, b)).toBe(same);
    expect(samePlace(b, a)).toBe(same);
  });
});

describe('clusterMessages', () => {
  const messages = [
    msg('a1', 0, 'u1', '搅拌站 噪音 扰民 粉尘', ['丽发新城']),
    msg('b1', 0, 'u9', '公积金 贷款 额度 咨询'),
    msg('a2', 1, 'u2', '搅拌站 噪音 夜间 施工', ['丽发新城']),
    msg('a3', 2, 'u3', '搅拌站 粉尘 污染 扰民', ['丽发新城']),
    msg('c1', 2, 'u4', '搅拌站 噪音 货车 道路', ['金鼎村']),
    msg('b2', 3, 'u8', '公积金 贷款 额度 提高'),
    msg('a4', 200, 'u5', '搅拌站 噪音 扰民 粉尘', ['丽发新城']),
  ];
  const clusters = clusterMessages(messages, { threshold: 0.4 });
  const ids = clusters.map((c) => c.members.map((i) => messages[i]?.id).join(','));

  it('groups one matter by text and place, apart from other matters', () => {
    expect(ids).toContain('a1,a2,a3');
    expect(ids).toContain('b1,b2');
  });
  it('keeps the same text at another place apart', () => {
    expect(ids).toContain('c1');
  });
  it('starts a new cluster after a quiet gap longer than gapMs', () => {
    expect(ids).toContain('a4');
  });
  it('names the cluster by its places and terms', () => {
    const a = clusters.find((c) => c.members.length === 3);
    expect(a?.places[0]).toBe('丽发新城');
    expect(a?.terms).toContain('搅拌站');
  });
  it('is deterministic', () => {
    expect(clusterMessages(messages, { threshold: 0.4 })).toEqual(clusters);
  });
});

describe('heat', () => {
  it('windowFigures counts distinct people now and in the window before, and likes in the window', () => {
    const m = [
      msg('1', 0, 'u1', 'x', [], 5),
      msg('2', 7, 'u2', 'x', [], 3),
      msg('3', 8, 'u2', 'x', [], 1),
      msg('4', 9, 'u3', 'x', [], 0),
      msg('5', 30, 'u4', 'x', [], 100),
    ];
    expect(windowFigures(m, T0 + 7 * DAY, T0 + 14 * DAY)).toEqual({
      people: 2,
      messages: 3,
      previousPeople: 1,
      likes: 4,
      dislikes: 0,
    });
  });

  it.each([
    // people, before, likes, dislikes → heat
    [0, 0, 100, 0, 0],
    [1, 1, 0, 0, 1],
    [3, 3, 0, 0, 2],
    [7, 7, 0, 0, 3],
    [3, 0, 0, 0, 3], // growth 2 (capped) lifts by 50 %
    [1, 1, 7, 0, 1 + 0.35 * 3],
    [1, 1, 7, 20, 1], // more dislikes than likes add nothing
  ])('people %i (before %i), likes %i, dislikes %i → %d', (people, previousPeople, likes, dislikes, heat) => {
    expect(heatIndex({ people, previousPeople, likes, dislikes, messages: people })).toBeCloseTo(heat, 2);
  });

  it('ranks more people above more likes above nothing, and rising above steady', () => {
    const h = (people: number, previousPeople: number, likes: number) =>
      heatIndex({ people, previousPeople, likes, dislikes: 0, messages: people });
    expect(h(10, 10, 0)).toBeGreaterThan(h(5, 5, 0));
    expect(h(5, 5, 50)).toBeGreaterThan(h(5, 5, 0));
    expect(h(5, 0, 0)).toBeGreaterThan(h(5, 5, 0));
    expect(growthOf({ people: 5, previousPeople: 5 })).toBe(0);
    expect(growthOf({ people: 2, previousPeople: 5 })).toBe(0);
    expect(growthOf({ people: 100, previousPeople: 0 }, DEFAULT_HEAT_WEIGHTS.maxGrowth)).toBe(2);
  });

  it('peakWindow finds the hottest window of a cluster', () => {
    const m = [msg('1', 0, 'u1', 'x'), ...[40, 41, 42, 43].map((d, k) => msg(`p${k}`, d, `v${k}`, 'x'))];
    const p = peakWindow(m, 7 * DAY);
    expect(p?.from).toBe(T0 + 40 * DAY);
    expect(p?.figures.people).toBe(4);
    expect(peakWindow([], 7 * DAY)).toBeNull();
  });
});

describe('rise detection', () => {
  it('poissonUpperTail is a probability that falls with k', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5), 10);
    expect(poissonUpperTail(30, 2)).toBeLessThan(1e-15);
    expect(poissonUpperTail(5, 0)).toBe(0);
    let last = 1;
    for (let k = 0; k < 20; k++) {
      const p = poissonUpperTail(k, 4);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
  });

  it.each([
    ['a spike far above a steady level', [3, 2, 4, 3, 3, 2, 4, 3, 15], true],
    ['a normal day', [3, 2, 4, 3, 3, 2, 4, 3, 5], false],
    ['a busy but usual key', [30, 28, 35, 31, 29, 33, 30, 32, 38], false],
    ['a first appearance with enough cases', [0, 0, 0, 0, 0, 0, 0, 0, 6], true],
    ['a first appearance below the minimum count', [0, 0, 0, 0, 0, 0, 0, 0, 4], false],
    ['a series too short', [7], false],
  ])('%s → warns %s', (_, counts, warns) => {
    const r = detectRise(counts);
    expect(r !== null).toBe(warns);
    if (r) {
      expect(r.ratio).toBeGreaterThanOrEqual(2);
      expect(r.pValue).toBeLessThan(0.001);
      expect(r.z).toBeGreaterThan(2);
    }
  });

  it('uses only the baseline windows before the current one', () => {
    // An old burst outside the 8-window baseline does not raise the usual level.
    const counts = [50, 50, 50, ...new Array(8).fill(2), 12];
    expect(detectRise(counts)?.expected).toBe(2);
    expect(detectRise(counts, { baselineWindows: 11 })).toBeNull();
  });
});
