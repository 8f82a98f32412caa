/**
 * The deployment's own gazetteer: district, street, community and grid names (and admin-kept
 * aliases) found in an address by longest match, resolved to the most specific territorial unit that
 * agrees with every other place named. Pure: built from reference data, no I/O.
 */
import { normalise } from './model/text.ts';

export const TERRITORIAL_KINDS = ['district', 'street', 'community', 'grid'] as const;
export type TerritorialKind = (typeof TERRITORIAL_KINDS)[number];

export interface PlaceUnit {
  id: number;
  parentId: number | null;
  kind: string;
  name: string;
  active: boolean;
}

export interface AddressMatch {
  unitId: number;
  kind: TerritorialKind;
  /** The words of the address that named it, most specific first. */
  matched: string[];
}

// Suffixes whose removal still leaves a recognisable name (江滨区 → 江滨, 望江街道 → 望江).
const SUFFIXES = ['街道办事处', '街道', '社区', '网格', '区', '县', '镇', '乡'];

// A short form followed by one of these is a road or bridge name, not the place.
const ROAD_WORDS = ['路', '街', '道', '巷', '桥', '大'];

export class Gazetteer {
  /** name → unit ids (several units may share a name). */
  private readonly byName = new Map<string, number[]>();
  private readonly units = new Map<number, PlaceUnit & { kind: TerritorialKind }>();
  /** Names that are short forms (望江 of 望江街道): not taken before a road word (临川街, 望江路). */
  private readonly shortNames = new Set<string>();
  private readonly maxLength: number;

  constructor(units: Iterable<PlaceUnit>, aliases: readonly { unitId: number; alias: string }[] = []) {
    const full = new Map<string, number[]>();
    const short = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, name: string, id: number) => {
      const key = normalise(name);
      if (key.length < 2) return;
      const list = map.get(key) ?? [];
      if (!list.includes(id)) list.push(id);
      map.set(key, list);
    };
    for (const u of units) {
      if (!u.active || !(TERRITORIAL_KINDS as readonly string[]).includes(u.kind)) continue;
      this.units.set(u.id, u as PlaceUnit & { kind: TerritorialKind });
      add(full, u.name, u.id);
      const suffix = SUFFIXES.find((s) => u.name.endsWith(s) && u.name.length - s.length >= 2);
      if (suffix && u.kind !== 'grid') add(short, u.name.slice(0, -suffix.length), u.id);
    }
    for (const a of aliases) if (this.units.has(a.unitId)) add(full, a.alias, a.unitId);
    for (const [k, v] of full) this.byName.set(k, v);
    // A short form only when it names one unit and is no full name of another.
    for (const [k, v] of short) {
      if (full.has(k) || v.length !== 1) continue;
      this.byName.set(k, v);
      this.shortNames.add(k);
    }
    this.maxLength = Math.max(0, ...[...this.byName.keys()].map((k) => k.length));
  }

  /** Every name and alias, for the segmenter's user dictionary (so jieba keeps places whole). */
  words(): string[] {
    return [...this.byName.keys()].filter((w) => !/\s/.test(w) && w.length <= 32).sort();
  }

  /** Names found in the text: left to right, longest first, not overlapping. */
  scan(text: string): { name: string; ids: number[] }[] {
    const t = normalise(text);
    const found: { name: string; ids: number[] }[] = [];
    for (let i = 0; i < t.length; ) {
      let hit: { name: string; ids: number[] } | undefined;
      for (let len = Math.min(this.maxLength, t.length - i); len >= 2; len--) {
        const name = t.slice(i, i + len);
        const ids = this.byName.get(name);
        if (ids && !(this.shortNames.has(name) && ROAD_WORDS.includes(t[i + len] ?? ''))) {
          hit = { name, ids };
          break;
        }
      }
      if (hit) {
        found.push(hit);
        i += hit.name.length;
      } else i++;
    }
    return found;
  }

  private ancestors(id: number): Set<number> {
    const out = new Set<number>();
    let u = this.units.get(id);
    while (u?.parentId != null) {
      out.add(u.parentId);
      u = this.units.get(u.parentId);
    }
    return out;
  }

  /**
   * The most specific unit the address names: each candidate scores one point per other name that
   * is one of its ancestors (or the same unit); the highest score wins, then the deeper unit. Names
   * that contradict (a community of another street) lower a candidate's score. A tie between
   * unrelated units resolves to their common territorial ancestor, or nothing.
   */
  resolve(text: string): AddressMatch | null {
    const hits = this.scan(text);
    if (hits.length === 0) return null;
    const depth = (id: number) => this.ancestors(id).size;
    const scored: { id: number; score: number; matched: string[] }[] = [];
    for (const h of hits) {
      for (const id of h.ids) {
        const up = this.ancestors(id);
        const matched = [h.name];
        let score = 1;
        for (const other of hits) {
          if (other === h) continue;
          if (other.ids.some((o) => up.has(o))) {
            score++;
            matched.push(other.name);
          } else if (!other.ids.some((o) => this.ancestors(o).has(id))) score -= 0.5;
        }
        scored.push({ id, score, matched });
      }
    }
    scored.sort((a, b) => b.score - a.score || depth(b.id) - depth(a.id) || a.id - b.id);
    const best = scored[0] as (typeof scored)[number];
    const tied = scored.filter(
      (s) => s.score === best.score && depth(s.id) === depth(best.id) && s.id !== best.id,
    );
    let id = best.id;
    if (tied.length > 0) {
      let common = [best.id, ...this.ancestors(best.id)];
      for (const t of tied) {
        const set = new Set([t.id, ...this.ancestors(t.id)]);
        common = common.filter((c) => set.has(c));
      }
      const shared = common.find((c) => this.units.has(c));
      if (shared === undefined) return null;
      id = shared;
    }
    const unit = this.units.get(id) as PlaceUnit & { kind: TerritorialKind };
    return { unitId: id, kind: unit.kind, matched: best.matched };
  }

  /** The street (街道/乡镇) a territorial unit belongs to, or the unit itself when it is one. */
  streetOf(id: number): number | null {
    let u = this.units.get(id);
    while (u) {
      if (u.kind === 'street') return u.id;
      u = u.parentId != null ? this.units.get(u.parentId) : undefined;
    }
    return null;
  }
}
