import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICTS } from '../demo/demo-city-data.ts';
import {
  demoGeography,
  demoPointInCommunity,
  type RegionFeature,
  unionRings,
} from '../demo/demo-geography.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** A point well inside a convex ring: the mean of its vertices. */
function inner(f: RegionFeature): [number, number] {
  if (f.geometry.type !== 'Polygon') throw new Error('expected a polygon');
  const ring = (f.geometry.coordinates[0] as Position[]).slice(0, -1);
  const x = ring.reduce((s, p) => s + (p[0] as number), 0) / ring.length;
  const y = ring.reduce((s, p) => s + (p[1] as number), 0) / ring.length;
  return [x, y];
}

describe('demo geography', () => {
  const all = demoGeography();
  const byCode = new Map(all.features.map((f) => [f.properties.code, f]));
  const count = (level: string) => all.features.filter((f) => f.properties.level === level).length;

  it('has every district, street, community and two grids per community, with unit codes', () => {
    const streets = DISTRICTS.flatMap((d) => d.streets);
    const communities = streets.reduce((n, s) => n + s.communities.length, 0);
    expect(count('district')).toBe(DISTRICTS.length);
    expect(count('street')).toBe(streets.length);
    expect(count('community')).toBe(communities);
    expect(count('grid')).toBe(2 * communities);
    expect(byCode.get('990102001')?.properties).toMatchObject({
      name: '望江街道',
      level: 'street',
      parentCode: '990102',
    });
    expect(byCode.get('99010200100101')?.properties).toMatchObject({
      name: '望江社区第一网格',
      level: 'grid',
    });
    expect(demoGeography('grid').features.every((f) => f.properties.level === 'grid')).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(demoGeography())).toBe(JSON.stringify(all));
  });

  it('districts are single polygons (streets merged without seams)', () => {
    for (const f of all.features.filter((x) => x.properties.level === 'district')) {
      expect(f.geometry.type, f.properties.name).toBe('Polygon');
    }
  });

  it('nests: a point inside a grid is inside its community, street and district, and no sibling', () => {
    for (const grid of all.features.filter((f) => f.properties.level === 'grid')) {
      const p = point(inner(grid));
      let code: string | undefined = grid.properties.code;
      while (code) {
        const f = byCode.get(code) as RegionFeature;
        expect(booleanPointInPolygon(p, f), `${grid.properties.name} in ${f.properties.name}`).toBe(true);
        code = f.properties.parentCode;
      }
      const others = all.features.filter(
        (f) => f.properties.level === 'grid' && f.properties.code !== grid.properties.code,
      );
      expect(others.some((f) => booleanPointInPolygon(p, f, { ignoreBoundary: true }))).toBe(false);
    }
  });

  it('each street centre lies in its street; demo order points lie in their community', () => {
    for (const d of DISTRICTS) {
      for (const s of d.streets) {
        expect(booleanPointInPolygon(point([s.lng, s.lat]), byCode.get(s.code) as RegionFeature)).toBe(true);
        for (const [i, c] of s.communities.entries()) {
          const community = all.features.find(
            (f) =>
              f.properties.level === 'community' &&
              f.properties.name === c &&
              f.properties.parentCode === s.code,
          ) as RegionFeature;
          for (const [u, v] of [
            [0, 0],
            [0.3, 0.99],
            [0.77, 0.5],
            [0.999, 0.999],
          ] as const) {
            expect(booleanPointInPolygon(point(demoPointInCommunity(s, i, u, v)), community)).toBe(true);
          }
        }
      }
    }
  });

  it.each([
    ['two squares sharing an edge', 1],
    ['two squares apart', 2],
  ])('unionRings: %s → %i ring(s)', (_name, rings) => {
    const a = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const dx = rings === 1 ? 1 : 5;
    const b = a.map(([x, y]) => [(x as number) + dx, y as number]);
    expect(unionRings([a, b])).toHaveLength(rings);
  });
});

describe('GET /api/geo/regions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const street = demoGeography('street').features[0] as RegionFeature;
    await t.testDb.db.query(
      `INSERT INTO region_boundaries (unit_id, level, geometry, min_lng, min_lat, max_lng, max_lat)
       VALUES ($1, 'street', $2, 0, 0, 1, 1)`,
      [t.units.street, JSON.stringify(street.geometry)],
    );
  });
  afterAll(() => t.close());

  it('returns a FeatureCollection of the level joined to units', async () => {
    const res = await t.as('dispatcher', { method: 'GET', url: '/api/geo/regions?level=street' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(1);
    expect(body.features[0].properties).toMatchObject({
      unitId: t.units.street,
      name: '滨江街道',
      level: 'street',
    });
    expect(body.features[0].geometry.type).toBe('Polygon');
    const none = await t.as('dispatcher', { method: 'GET', url: '/api/geo/regions?level=grid' });
    expect(none.json().features).toEqual([]);
  });

  it('rejects a bad level naming the field, and anonymous callers', async () => {
    const bad = await t.as('dispatcher', { method: 'GET', url: '/api/geo/regions?level=province' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('level');
    expect((await t.as(null, { method: 'GET', url: '/api/geo/regions?level=street' })).statusCode).toBe(401);
  });
});
