import { describe, expect, it } from 'vitest';
import { type CatalogueRule, matchCatalogue } from './dispatch-catalogue.ts';

// Categories: 1 城乡建设 > 2 住房保障 > 3 物业管理. Units: 10 city > 11 district > 12 street > 13 community.
const rule = (id: number, over: Partial<CatalogueRule>): CatalogueRule => ({
  id,
  categoryId: null,
  regionUnitId: null,
  leadUnitId: 100 + id,
  assistUnitIds: [],
  validFrom: null,
  validTo: null,
  active: true,
  ...over,
});
const q = { categoryPath: [1, 2, 3], regionPath: [10, 11, 12, 13], day: '2026-03-02' };

describe('matchCatalogue', () => {
  it.each([
    ['no rules', [], null],
    ['category subtree matches', [rule(1, { categoryId: 1 })], 1],
    ['deeper category wins', [rule(1, { categoryId: 1 }), rule(2, { categoryId: 2 })], 2],
    [
      'category beats region depth',
      [rule(1, { categoryId: 2 }), rule(2, { categoryId: 1, regionUnitId: 13 })],
      1,
    ],
    [
      'same category: deeper region wins',
      [rule(1, { categoryId: 2, regionUnitId: 11 }), rule(2, { categoryId: 2, regionUnitId: 12 })],
      2,
    ],
    ['region only', [rule(1, { regionUnitId: 12 })], 1],
    ['another region does not apply', [rule(1, { categoryId: 3, regionUnitId: 99 })], null],
    ['another category does not apply', [rule(1, { categoryId: 7 })], null],
    ['inactive ignored', [rule(1, { categoryId: 1, active: false })], null],
    ['not yet valid', [rule(1, { categoryId: 1, validFrom: '2026-03-03' })], null],
    ['expired', [rule(1, { categoryId: 1, validTo: '2026-03-01' })], null],
    ['valid on its last day', [rule(1, { categoryId: 1, validTo: '2026-03-02' })], 1],
    ['any-any never applies', [rule(1, {})], null],
    [
      'tie: later start wins',
      [
        rule(1, { categoryId: 2, validFrom: '2026-02-01' }),
        rule(2, { categoryId: 2, validFrom: '2026-01-01' }),
      ],
      1,
    ],
    ['tie: newer entry wins', [rule(1, { categoryId: 2 }), rule(2, { categoryId: 2 })], 2],
  ] as const)('%s', (_name, rules, expected) => {
    expect(matchCatalogue(rules as unknown as CatalogueRule[], q)?.rule.id ?? null).toBe(expected);
  });

  it('unclassified orders only match region-only entries', () => {
    const rules = [rule(1, { categoryId: 1 }), rule(2, { regionUnitId: 11 })];
    expect(matchCatalogue(rules, { ...q, categoryPath: [] })?.rule.id).toBe(2);
  });
});
