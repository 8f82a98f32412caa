import { describe, expect, it } from 'vitest';
import { Gazetteer, type PlaceUnit } from './gazetteer.ts';

const U = (id: number, parentId: number | null, kind: string, name: string): PlaceUnit => ({
  id,
  parentId,
  kind,
  name,
  active: true,
});
const units = [
  U(1, null, 'city', '临江市'),
  U(2, 1, 'district', '江滨区'),
  U(3, 2, 'street', '望江街道'),
  U(4, 3, 'community', '望江社区'),
  U(5, 4, 'grid', '望江社区第一网格'),
  U(6, 3, 'community', '临川社区'),
  U(7, 1, 'district', '西山区'),
  U(8, 7, 'street', '枫林镇'),
  U(9, 8, 'community', '枫林村'),
  U(10, 7, 'street', '金山街道'),
  U(11, 10, 'community', '新村社区'),
  U(12, 3, 'community', '新村社区'),
  U(13, 1, 'department', '市水务局'),
];
const g = new Gazetteer(units, [{ unitId: 6, alias: '老临川' }]);

describe('gazetteer', () => {
  it.each([
    ['江滨区望江路12号望江社区3幢', 4, 'community'],
    ['望江社区第一网格巡查', 5, 'grid'],
    ['江滨区临川街8号', 2, 'district'],
    ['西山区枫林镇枫林村3组', 9, 'community'],
    ['枫林村5组', 9, 'community'],
    ['老临川菜市场门口', 6, 'community'],
    ['望江街道办事处对面', 3, 'street'],
    ['ＷＡＮＧ 江滨区', 2, 'district'],
    // The same community name in two streets: the street named decides …
    ['金山街道新村社区', 11, 'community'],
    // … and without it, the nearest common territorial ancestor (none here: different districts).
  ] as const)('%s → %i (%s)', (text, id, kind) => {
    expect(g.resolve(text)).toMatchObject({ unitId: id, kind });
  });

  it('returns null when nothing or only ambiguous unrelated names are found', () => {
    expect(g.resolve('某某小区门口')).toBeNull();
    expect(g.resolve('新村社区门口')).toBeNull();
    expect(g.resolve('市水务局')).toBeNull();
  });

  it('knows short forms only when unique, and lists words for the user dictionary', () => {
    expect(g.resolve('江滨人民路')).toMatchObject({ unitId: 2 });
    // 望江 would be 望江街道 or 望江社区: not a short form.
    expect(g.scan('望江路').map((h) => h.name)).toEqual([]);
    expect(g.words()).toContain('枫林村');
    expect(g.words()).toContain('老临川');
  });

  it('finds the street of a unit', () => {
    expect(g.streetOf(5)).toBe(3);
    expect(g.streetOf(3)).toBe(3);
    expect(g.streetOf(2)).toBeNull();
  });
});
