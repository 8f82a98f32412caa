import type { MultiPolygon, Polygon } from 'geojson';
import type { Actor } from '../auth/actor.ts';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { RegionLevel } from '../demo/demo-geography.ts';

export interface RegionFeatureView {
  type: 'Feature';
  id: number;
  properties: {
    unitId: number;
    code: string | null;
    name: string;
    level: RegionLevel;
    parentUnitId: number | null;
  };
  geometry: Polygon | MultiPolygon;
}

/** Stored boundaries of one level as a GeoJSON FeatureCollection, joined to their units. */
export async function listRegions(
  ctx: Pick<Context, 'db'>,
  o: { actor: Actor | null; level: RegionLevel },
): Promise<{ type: 'FeatureCollection'; features: RegionFeatureView[] }> {
  requirePermission(o.actor, 'org.read');
  const rows = await ctx.db.query<{
    unit_id: number;
    code: string | null;
    name: string;
    parent_id: number | null;
    geometry: Polygon | MultiPolygon;
  }>(
    `SELECT b.unit_id, u.code, u.name, u.parent_id, b.geometry
       FROM region_boundaries b JOIN units u ON u.id = b.unit_id
      WHERE b.level = $1 AND u.active
      ORDER BY u.code, b.unit_id`,
    [o.level],
  );
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.unit_id,
      properties: {
        unitId: r.unit_id,
        code: r.code,
        name: r.name,
        level: o.level,
        parentUnitId: r.parent_id,
      },
      geometry: r.geometry,
    })),
  };
}
