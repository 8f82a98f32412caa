/**
 * Where an order is: from its coordinates (bounding-box prefilter in SQL, then point-in-polygon on
 * the most detailed boundaries stored) or from its address text (the gazetteer).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Context } from '../context.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { Gazetteer } from './gazetteer.ts';

const LEVELS = ['grid', 'community', 'street', 'district'] as const;

/** The most detailed stored region containing the point, or null. */
export async function locatePoint(
  db: Queryable,
  lng: number,
  lat: number,
): Promise<{ unitId: number; level: (typeof LEVELS)[number] } | null> {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  const rows = await db.query<{
    unit_id: number;
    level: (typeof LEVELS)[number];
    geometry: Polygon | MultiPolygon;
  }>(
    `SELECT unit_id, level, geometry FROM region_boundaries
      WHERE min_lng <= $1 AND max_lng >= $1 AND min_lat <= $2 AND max_lat >= $2`,
    [lng, lat],
  );
  const p = point([lng, lat]);
  for (const level of LEVELS) {
    const hit = rows
      .filter((r) => r.level === level)
      .sort((a, b) => a.unit_id - b.unit_id)
      .find((r) => booleanPointInPolygon(p, r.geometry));
    if (hit) return { unitId: hit.unit_id, level };
  }
  return null;
}

const gazetteers = new WeakMap<ReferenceSnapshot, Promise<Gazetteer>>();

/** The gazetteer of the current reference data (built once per snapshot, aliases included). */
export function gazetteerFor(db: Queryable, refs: ReferenceSnapshot): Promise<Gazetteer> {
  let g = gazetteers.get(refs);
  if (!g) {
    g = db.query<{ unit_id: number; alias: string }>('SELECT unit_id, alias FROM region_aliases').then(
      (rows) =>
        new Gazetteer(
          refs.units.values(),
          rows.map((r) => ({ unitId: r.unit_id, alias: r.alias })),
        ),
    );
    gazetteers.set(refs, g);
  }
  return g;
}

export interface ResolvedRegion {
  unitId: number;
  source: 'given' | 'coordinates' | 'address';
  /** Address words that named the place (address source only). */
  matched: string[];
}

/** The order's region: as given, else where its coordinates fall, else what its address names. */
export async function resolveRegion(
  ctx: Pick<Context, 'db' | 'refs'>,
  o: {
    regionUnitId?: number | null;
    address?: string | null;
    longitude?: number | null;
    latitude?: number | null;
  },
): Promise<ResolvedRegion | null> {
  if (o.regionUnitId) return { unitId: o.regionUnitId, source: 'given', matched: [] };
  if (o.longitude != null && o.latitude != null) {
    const hit = await locatePoint(ctx.db, o.longitude, o.latitude);
    if (hit) return { unitId: hit.unitId, source: 'coordinates', matched: [] };
  }
  if (o.address) {
    const g = await gazetteerFor(ctx.db, await ctx.refs.get());
    const m = g.resolve(o.address);
    if (m) return { unitId: m.unitId, source: 'address', matched: m.matched };
  }
  return null;
}
