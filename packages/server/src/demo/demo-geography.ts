/**
 * Boundaries of the demo city 临江市: districts, streets (街道/乡镇), communities (社区/村) and grids,
 * generated deterministically from the street centres in `demo-city-data.ts`.
 *
 * - A street's area is its Voronoi cell among all street centres, clipped to the city's bounding box.
 * - A street's communities split that cell by the Voronoi cells of points on a small circle around
 *   the street centre; each community is split in two grids by a line through its centroid.
 * - A district is the union of its streets' cells (shared edges cancelled).
 *
 * Every piece is convex (except districts) and nests exactly in its parent, so a point in a grid is
 * in that grid's community, street and district. Codes are the units' codes in the demo seed.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Queryable } from '../platform/db.ts';
import { DISTRICTS, gridName, type StreetDef } from './demo-city-data.ts';

export const REGION_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface RegionProperties {
  unitId?: number;
  code: string;
  name: string;
  level: RegionLevel;
  /** Code of the enclosing region (the district of a street …); absent for districts. */
  parentCode?: string;
}

export type RegionFeature = Feature<Polygon | MultiPolygon, RegionProperties>;
export type RegionCollection = FeatureCollection<Polygon | MultiPolygon, RegionProperties>;

type Pt = readonly [number, number];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Keeps the part of a convex polygon where a·x + b·y ≤ c (Sutherland–Hodgman, one edge). */
export function clipHalfPlane(poly: readonly Pt[], a: number, b: number, c: number): Pt[] {
  const out: Pt[] = [];
  const side = (p: Pt) => a * p[0] + b * p[1] - c;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as Pt;
    const q = poly[(i + 1) % poly.length] as Pt;
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** The Voronoi cell of `sites[i]` inside the convex polygon `within`. */
function voronoiCell(within: readonly Pt[], sites: readonly Pt[], i: number): Pt[] {
  const s = sites[i] as Pt;
  let poly: Pt[] = [...within];
  for (const [j, o] of sites.entries()) {
    if (j === i) continue;
    // |p - s|² ≤ |p - o|²  ⇔  2(o - s)·p ≤ |o|² - |s|²
    const a = 2 * (o[0] - s[0]);
    const b = 2 * (o[1] - s[1]);
    const c = o[0] * o[0] + o[1] * o[1] - s[0] * s[0] - s[1] * s[1];
    poly = clipHalfPlane(poly, a, b, c);
  }
  return poly;
}

function centroid(poly: readonly Pt[]): Pt {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as Pt;
    const q = poly[(i + 1) % poly.length] as Pt;
    const cross = p[0] * q[1] - q[0] * p[1];
    area += cross;
    cx += (p[0] + q[0]) * cross;
    cy += (p[1] + q[1]) * cross;
  }
  return [cx / (3 * area), cy / (3 * area)];
}

/** A closed GeoJSON ring, counter-clockwise, rounded to 1e-6° (about 0.1 m), no repeated points. */
function ring(poly: readonly Pt[]): Position[] {
  const pts: Position[] = [];
  for (const p of poly) {
    const r: Position = [round6(p[0]), round6(p[1])];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) pts.push(r);
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) pts.pop();
  if (signedArea(pts) < 0) pts.reverse();
  const start = pts[0];
  if (start) pts.push([start[0] as number, start[1] as number]);
  return pts;
}

function signedArea(pts: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i] as Position;
    const q = pts[(i + 1) % pts.length] as Position;
    s += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  return s / 2;
}

/** Union of polygons that share whole edges: cancels each edge met in both directions and chains the rest. */
export function unionRings(rings: readonly Position[][]): Position[][] {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const edges = new Map<string, { from: Position; to: Position }>();
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const from = r[i] as Position;
      const to = r[i + 1] as Position;
      const reverse = `${key(to)}>${key(from)}`;
      if (edges.has(reverse)) edges.delete(reverse);
      else edges.set(`${key(from)}>${key(to)}`, { from, to });
    }
  }
  const next = new Map<string, Position[]>();
  for (const e of edges.values()) {
    const list = next.get(key(e.from)) ?? [];
    list.push(e.to);
    next.set(key(e.from), list);
  }
  const out: Position[][] = [];
  for (const start of [...next.keys()].sort()) {
    while ((next.get(start)?.length ?? 0) > 0) {
      const first = (next.get(start) as Position[])[0] as Position;
      const path: Position[] = [];
      let at = start;
      let guard = 0;
      while (guard++ < 100_000) {
        const list = next.get(at);
        const to = list?.shift();
        if (!to) break;
        const [x, y] = at.split(',').map(Number) as [number, number];
        path.push([x, y]);
        at = key(to);
        if (at === start) break;
      }
      path.push([...(path[0] ?? first)]);
      out.push(dropCollinear(path));
    }
  }
  return out;
}

function dropCollinear(ringPts: Position[]): Position[] {
  const pts = ringPts.slice(0, -1);
  const kept = pts.filter((p, i) => {
    const a = pts[(i - 1 + pts.length) % pts.length] as Position;
    const b = pts[(i + 1) % pts.length] as Position;
    const cross =
      ((p[0] as number) - (a[0] as number)) * ((b[1] as number) - (a[1] as number)) -
      ((p[1] as number) - (a[1] as number)) * ((b[0] as number) - (a[0] as number));
    return Math.abs(cross) > 1e-12;
  });
  const first = kept[0];
  return first ? [...kept, [first[0] as number, first[1] as number]] : ringPts;
}

export const communityCode = (street: StreetDef, index: number) =>
  `${street.code}${String(index + 1).padStart(3, '0')}`;

interface Built {
  features: RegionFeature[];
  /** Convex polygon of each community, by code (for placing demo orders). */
  communities: Map<string, Pt[]>;
}

let built: Built | undefined;

function build(): Built {
  if (built) return built;
  const streets = DISTRICTS.flatMap((d) => d.streets.map((s) => ({ district: d, street: s })));
  const sites: Pt[] = streets.map(({ street }) => [street.lng, street.lat]);
  const lngs = sites.map((p) => p[0]);
  const lats = sites.map((p) => p[1]);
  const [w, e, s, n] = [
    Math.min(...lngs) - 0.04,
    Math.max(...lngs) + 0.04,
    Math.min(...lats) - 0.03,
    Math.max(...lats) + 0.03,
  ];
  const box: Pt[] = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ];
  const features: RegionFeature[] = [];
  const communities = new Map<string, Pt[]>();
  const streetRings = new Map<string, Position[][]>();
  for (const [i, { district, street }] of streets.entries()) {
    const cell = voronoiCell(box, sites, i);
    const streetRing = ring(cell);
    streetRings.set(district.code, [...(streetRings.get(district.code) ?? []), streetRing]);
    features.push(feature('street', street.code, street.name, [streetRing], district.code));
    const k = street.communities.length;
    const subSites: Pt[] = street.communities.map((_, j) => {
      const angle = (2 * Math.PI * j) / k + i * 0.7;
      return k === 1
        ? [street.lng, street.lat]
        : [street.lng + 0.004 * Math.cos(angle), street.lat + 0.003 * Math.sin(angle)];
    });
    for (const [j, name] of street.communities.entries()) {
      const piece = k === 1 ? cell : voronoiCell(cell, subSites, j);
      const code = communityCode(street, j);
      communities.set(code, piece);
      features.push(feature('community', code, name, [ring(piece)], street.code));
      const [cx, cy] = centroid(piece);
      // Alternate north–south and east–west splits.
      const [a, b] = (i + j) % 2 === 0 ? [1, 0.3] : [0.3, 1];
      const c = a * cx + b * cy;
      const halves = [clipHalfPlane(piece, a, b, c), clipHalfPlane(piece, -a, -b, -c)];
      for (const [g, half] of halves.entries()) {
        features.push(
          feature('grid', `${code}0${g + 1}`, gridName(name, g === 0 ? 1 : 2), [ring(half)], code),
        );
      }
    }
  }
  for (const d of DISTRICTS) {
    const rings = unionRings(streetRings.get(d.code) ?? []);
    const geometry: Polygon | MultiPolygon =
      rings.length === 1
        ? { type: 'Polygon', coordinates: rings }
        : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
    features.unshift({
      type: 'Feature',
      properties: { code: d.code, name: d.name, level: 'district' },
      geometry,
    });
  }
  built = { features, communities };
  return built;
}

function feature(
  level: RegionLevel,
  code: string,
  name: string,
  rings: Position[][],
  parentCode?: string,
): RegionFeature {
  return {
    type: 'Feature',
    properties: parentCode ? { code, name, level, parentCode } : { code, name, level },
    geometry: { type: 'Polygon', coordinates: rings },
  };
}

/** The demo city's boundaries, all levels or one level; fresh objects on each call. */
export function demoGeography(level?: RegionLevel): RegionCollection {
  const features = build().features.filter((f) => !level || f.properties.level === level);
  return { type: 'FeatureCollection', features: structuredClone(features) };
}

/**
 * A point inside a demo community from two uniform numbers in [0, 1): a point on the boundary
 * chosen by `u`, then a point between the centroid and it chosen by `v` (convex, so always inside).
 */
export function demoPointInCommunity(
  street: StreetDef,
  index: number,
  u: number,
  v: number,
): [number, number] {
  const poly = build().communities.get(communityCode(street, index));
  if (!poly) return [street.lng, street.lat];
  const [cx, cy] = centroid(poly);
  const lengths = poly.map((p, i) => {
    const q = poly[(i + 1) % poly.length] as Pt;
    return Math.hypot(q[0] - p[0], q[1] - p[1]);
  });
  let along = u * lengths.reduce((x, y) => x + y, 0);
  let bx = cx;
  let by = cy;
  for (const [i, len] of lengths.entries()) {
    if (along <= len || i === lengths.length - 1) {
      const p = poly[i] as Pt;
      const q = poly[(i + 1) % poly.length] as Pt;
      const t = len === 0 ? 0 : Math.min(1, along / len);
      bx = p[0] + t * (q[0] - p[0]);
      by = p[1] + t * (q[1] - p[1]);
      break;
    }
    along -= len;
  }
  const f = 0.85 * Math.sqrt(v);
  return [round6(cx + f * (bx - cx)), round6(cy + f * (by - cy))];
}

/** Bounding box [west, south, east, north] of a polygon or multipolygon. */
export function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) {
    for (const p of r) {
      const [x, y] = p as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  }
  return [w, s, e, n];
}

/**
 * Stores the demo boundaries for the units of the demo city that exist (joined by unit code) and
 * returns how many were stored. Replaces boundaries already stored for those units.
 */
export async function seedDemoGeography(db: Queryable): Promise<number> {
  const features = build().features;
  const codes = features.map((f) => f.properties.code);
  const units = await db.query<{ id: number; code: string }>(
    'SELECT id, code FROM units WHERE code = ANY($1)',
    [codes],
  );
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  let stored = 0;
  for (const f of features) {
    const unitId = idOf.get(f.properties.code);
    if (unitId === undefined) continue;
    const [w, s, e, n] = bboxOf(f.geometry);
    await db.query(
      `INSERT INTO region_boundaries (unit_id, level, geometry, min_lng, min_lat, max_lng, max_lat)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (unit_id) DO UPDATE SET level = EXCLUDED.level, geometry = EXCLUDED.geometry,
         min_lng = EXCLUDED.min_lng, min_lat = EXCLUDED.min_lat, max_lng = EXCLUDED.max_lng,
         max_lat = EXCLUDED.max_lat, updated_at = now()`,
      [unitId, f.properties.level, JSON.stringify(f.geometry), w, s, e, n],
    );
    stored++;
  }
  return stored;
}
