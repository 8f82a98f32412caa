import { WorkCalendar } from '../domain/calendar.ts';
import type { UnitKind } from '../domain/reference.ts';
import type { Limit, TimeLimitRule } from '../domain/time-limits.ts';
import type { Queryable } from '../platform/db.ts';

export interface UnitRef {
  id: number;
  parentId: number | null;
  kind: UnitKind;
  name: string;
  code: string | null;
  path: string;
  depth: number;
  active: boolean;
}

export interface CategoryRef {
  id: number;
  parentId: number | null;
  code: string | null;
  name: string;
  depth: number;
  active: boolean;
  /** Ids from the root down to this category. */
  pathIds: number[];
}

export interface ReferenceSnapshot {
  units: ReadonlyMap<number, UnitRef>;
  categories: ReadonlyMap<number, CategoryRef>;
  rules: readonly TimeLimitRule[];
  calendar: WorkCalendar;
}

/**
 * Units, categories, time-limit rules and calendar overrides change rarely and are read by every
 * order step, so each process keeps them in memory. A write in this process invalidates at once;
 * another process sees it within `ttlMs`.
 */
export class ReferenceData {
  private current: { snapshot: ReferenceSnapshot; loadedAt: number } | undefined;
  private loading: Promise<ReferenceSnapshot> | undefined;
  /** Bumped by every invalidation, so a load that began before a write never stores its stale result. */
  private generation = 0;

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 30_000,
  ) {}

  async get(): Promise<ReferenceSnapshot> {
    if (this.current && Date.now() - this.current.loadedAt < this.ttlMs) return this.current.snapshot;
    if (!this.loading) {
      const loading: Promise<ReferenceSnapshot> = this.load().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  invalidate() {
    this.generation++;
    this.current = undefined;
    this.loading = undefined;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const generation = this.generation;
    const [units, categories, rules, days] = await Promise.all([
      this.db.query<{
        id: number;
        parent_id: number | null;
        kind: UnitKind;
        name: string;
        code: string | null;
        path: string;
        depth: number;
        active: boolean;
      }>('SELECT id, parent_id, kind, name, code, path, depth, active FROM units'),
      this.db.query<{
        id: number;
        parent_id: number | null;
        code: string | null;
        name: string;
        path: string;
        depth: number;
        active: boolean;
      }>('SELECT id, parent_id, code, name, path, depth, active FROM categories'),
      this.db.query<RuleRow>('SELECT * FROM time_limit_rules ORDER BY id'),
      this.db.query<{ day: string; is_workday: boolean }>('SELECT day, is_workday FROM calendar_days'),
    ]);
    const snapshot: ReferenceSnapshot = {
      units: new Map(
        units.map((u) => [
          u.id,
          {
            id: u.id,
            parentId: u.parent_id,
            kind: u.kind,
            name: u.name,
            code: u.code,
            path: u.path,
            depth: u.depth,
            active: u.active,
          },
        ]),
      ),
      categories: new Map(
        categories.map((c) => [
          c.id,
          {
            id: c.id,
            parentId: c.parent_id,
            code: c.code,
            name: c.name,
            depth: c.depth,
            active: c.active,
            pathIds: pathIds(c.path),
          },
        ]),
      ),
      rules: rules.map(toRule),
      calendar: new WorkCalendar({ overrides: new Map(days.map((d) => [d.day, d.is_workday])) }),
    };
    if (generation === this.generation) this.current = { snapshot, loadedAt: Date.now() };
    return snapshot;
  }
}

export interface RuleRow {
  id: number;
  name: string;
  request_type: TimeLimitRule['requestType'];
  urgency: TimeLimitRule['urgency'];
  category_id: number | null;
  task_force: string | null;
  valid_from: string | null;
  valid_to: string | null;
  dispatch_limit: Limit;
  sign_limit: Limit;
  return_limit: Limit;
  handle_limit: Limit;
  yellow_share: number;
  active: boolean;
}

export const toRule = (r: RuleRow): TimeLimitRule => ({
  id: r.id,
  name: r.name,
  requestType: r.request_type,
  urgency: r.urgency,
  categoryId: r.category_id,
  taskForce: r.task_force,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  dispatchLimit: r.dispatch_limit,
  signLimit: r.sign_limit,
  returnLimit: r.return_limit,
  handleLimit: r.handle_limit,
  yellowShare: Number(r.yellow_share),
  active: r.active,
});

/** The ids in a materialised path ('/1/4/9/'), from the root down. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** All units in the subtree rooted at `rootPath` (the unit itself included). */
export function subtreeUnitIds(units: ReadonlyMap<number, UnitRef>, rootPath: string): number[] {
  const ids: number[] = [];
  for (const u of units.values()) if (u.path.startsWith(rootPath)) ids.push(u.id);
  return ids;
}
