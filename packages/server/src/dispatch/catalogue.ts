/**
 * 派单目录 dispatch catalogue: admin-kept entries (category subtree × region subtree → lead unit and
 * assisting units) with dates and a source (admin decision or 联席会议 joint ruling with its
 * reference). Every change appends a snapshot to the history; entries are deactivated, never deleted.
 */

import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { CatalogueRule } from '../domain/dispatch-catalogue.ts';
import { requireHandlingUnit } from '../orders/step-helpers.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound, referenceNotFound, ruleViolation } from '../platform/errors.ts';

export const CATALOGUE_SOURCES = ['admin', 'joint_ruling'] as const;
export type CatalogueSource = (typeof CATALOGUE_SOURCES)[number];

export interface CatalogueInput {
  categoryId: number | null;
  regionUnitId: number | null;
  leadUnitId: number;
  assistUnitIds: number[];
  source: CatalogueSource;
  reference: string | null;
  note: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface CatalogueEntry extends Omit<CatalogueRule, 'assistUnitIds'>, CatalogueInput {
  version: number;
  active: boolean;
  updatedAt: string;
}

interface Row {
  id: number;
  category_id: number | null;
  region_unit_id: number | null;
  lead_unit_id: number;
  assist_unit_ids: number[];
  source: CatalogueSource;
  reference: string | null;
  note: string;
  valid_from: string | null;
  valid_to: string | null;
  active: boolean;
  version: number;
  updated_at: Date;
}

const toEntry = (r: Row): CatalogueEntry => ({
  id: r.id,
  categoryId: r.category_id,
  regionUnitId: r.region_unit_id,
  leadUnitId: r.lead_unit_id,
  assistUnitIds: r.assist_unit_ids,
  source: r.source,
  reference: r.reference,
  note: r.note,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  active: r.active,
  version: r.version,
  updatedAt: new Date(r.updated_at).toISOString(),
});

const TERRITORIAL = new Set(['city', 'district', 'street', 'community', 'grid']);

function check(refs: ReferenceSnapshot, i: CatalogueInput) {
  if (i.categoryId !== null && !refs.categories.get(i.categoryId)?.active)
    throw referenceNotFound('categoryId', i.categoryId);
  if (i.regionUnitId !== null) {
    const u = refs.units.get(i.regionUnitId);
    if (!u?.active) throw referenceNotFound('regionUnitId', i.regionUnitId);
    if (!TERRITORIAL.has(u.kind)) throw ruleViolation('regionUnitId', '区域必须是区县、街道、社区或网格');
  }
  if (i.categoryId === null && i.regionUnitId === null) {
    throw ruleViolation('categoryId', '事项分类和区域至少填写一项');
  }
  requireHandlingUnit(refs, i.leadUnitId, 'leadUnitId');
  i.assistUnitIds.forEach((id, n) => {
    requireHandlingUnit(refs, id, `assistUnitIds.${n}`);
  });
  if (i.assistUnitIds.includes(i.leadUnitId))
    throw ruleViolation('assistUnitIds', '主办单位不能同时是协办单位');
  if (i.source === 'joint_ruling' && !i.reference?.trim()) {
    throw ruleViolation('reference', '联席会议裁定须填写会议纪要或文号');
  }
  if (i.validFrom && i.validTo && i.validTo < i.validFrom)
    throw ruleViolation('validTo', '失效日期不能早于生效日期');
}

/** Every change of an entry: its history row (the snapshot) and the audit log, in the same transaction. */
async function recordChange(
  tx: Queryable,
  actor: Actor,
  e: CatalogueEntry,
  action: 'create' | 'update' | 'deactivate',
) {
  await tx.query(
    `INSERT INTO dispatch_catalogue_history (entry_id, version, action, snapshot, actor_id) VALUES ($1, $2, $3, $4, $5)`,
    [e.id, e.version, action, JSON.stringify(e), actor.userId],
  );
  await recordAudit(tx, {
    actor,
    action: `dispatch_catalogue.${action}`,
    targetType: 'dispatch_catalogue',
    targetId: e.id,
  });
}

const COLUMNS = `id, category_id, region_unit_id, lead_unit_id, assist_unit_ids, source, reference, note,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, active, version, updated_at`;

export async function createCatalogueEntry(ctx: Context, o: { actor: Actor | null; input: CatalogueInput }) {
  const actor = requirePermission(o.actor, 'dispatch_catalogue.manage');
  const i = { ...o.input, assistUnitIds: [...new Set(o.input.assistUnitIds)] };
  check(await ctx.refs.get(), i);
  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<Row>(
      `INSERT INTO dispatch_catalogue (category_id, region_unit_id, lead_unit_id, assist_unit_ids, source, reference,
         note, valid_from, valid_to, created_by, updated_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $11) RETURNING ${COLUMNS}`,
      [
        i.categoryId,
        i.regionUnitId,
        i.leadUnitId,
        i.assistUnitIds,
        i.source,
        i.reference,
        i.note,
        i.validFrom,
        i.validTo,
        actor.userId,
        ctx.now(),
      ],
    );
    const entry = toEntry(row as Row);
    await recordChange(tx, actor, entry, 'create');
    return entry;
  });
  invalidateCatalogue(ctx.db);
  return created;
}

export async function updateCatalogueEntry(
  ctx: Context,
  o: { actor: Actor | null; id: number; input: CatalogueInput; expectedVersion?: number | undefined },
) {
  const actor = requirePermission(o.actor, 'dispatch_catalogue.manage');
  const i = { ...o.input, assistUnitIds: [...new Set(o.input.assistUnitIds)] };
  check(await ctx.refs.get(), i);
  const updated = await ctx.db.transaction(async (tx) => {
    const current = await lockEntry(tx, o.id, o.expectedVersion);
    if (!current.active) throw ruleViolation('id', '已停用的派单目录条目不能修改');
    const [row] = await tx.query<Row>(
      `UPDATE dispatch_catalogue SET category_id = $2, region_unit_id = $3, lead_unit_id = $4, assist_unit_ids = $5,
         source = $6, reference = $7, note = $8, valid_from = $9, valid_to = $10, updated_by = $11, updated_at = $12,
         version = version + 1
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        o.id,
        i.categoryId,
        i.regionUnitId,
        i.leadUnitId,
        i.assistUnitIds,
        i.source,
        i.reference,
        i.note,
        i.validFrom,
        i.validTo,
        actor.userId,
        ctx.now(),
      ],
    );
    const entry = toEntry(row as Row);
    await recordChange(tx, actor, entry, 'update');
    return entry;
  });
  invalidateCatalogue(ctx.db);
  return updated;
}

export async function deactivateCatalogueEntry(ctx: Context, o: { actor: Actor | null; id: number }) {
  const actor = requirePermission(o.actor, 'dispatch_catalogue.manage');
  const deactivated = await ctx.db.transaction(async (tx) => {
    const current = await lockEntry(tx, o.id);
    if (!current.active) return toEntry(current);
    const [row] = await tx.query<Row>(
      `UPDATE dispatch_catalogue SET active = false, updated_by = $2, updated_at = $3, version = version + 1
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [o.id, actor.userId, ctx.now()],
    );
    const entry = toEntry(row as Row);
    await recordChange(tx, actor, entry, 'deactivate');
    return entry;
  });
  invalidateCatalogue(ctx.db);
  return deactivated;
}

async function lockEntry(tx: Queryable, id: number, expectedVersion?: number) {
  const [row] = await tx.query<Row>(`SELECT ${COLUMNS} FROM dispatch_catalogue WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  if (!row) throw notFound('dispatch_catalogue', id);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError(
      'VERSION_CONFLICT',
      { expectedVersion, version: row.version },
      '派单目录条目已被他人修改，请刷新后重试',
    );
  }
  return row;
}

/** Readers: admins and the dispatchers who follow the catalogue. */
function requireReader(actor: Actor | null | undefined) {
  if (actor?.permissions.has('order.dispatch')) return actor;
  return requirePermission(actor, 'dispatch_catalogue.manage');
}

/** Entries newest first (by id), keyset-paged; inactive ones only when asked. */
export async function listCatalogue(
  ctx: Context,
  o: {
    actor: Actor | null;
    cursor?: string | undefined;
    limit: number;
    includeInactive?: boolean | undefined;
  },
) {
  requireReader(o.actor);
  const params: unknown[] = [];
  const where: string[] = [];
  if (!o.includeInactive) where.push('active');
  if (o.cursor) {
    const id = Number(o.cursor);
    if (!Number.isInteger(id) || id <= 0)
      throw new AppError('VALIDATION_FAILED', { field: 'querystring.cursor' }, '分页游标无效');
    params.push(id);
    where.push(`id < $${params.length}`);
  }
  params.push(o.limit + 1);
  const rows = await ctx.db.query<Row>(
    `SELECT ${COLUMNS} FROM dispatch_catalogue ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit).map(toEntry);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > o.limit && last ? String(last.id) : null };
}

export async function catalogueHistory(ctx: Context, o: { actor: Actor | null; id: number }) {
  requireReader(o.actor);
  const rows = await ctx.db.query<{
    version: number;
    action: string;
    snapshot: CatalogueEntry;
    actor_id: number | null;
    at: Date;
  }>(
    `SELECT version, action, snapshot, actor_id, at FROM dispatch_catalogue_history WHERE entry_id = $1 ORDER BY version`,
    [o.id],
  );
  if (rows.length === 0) throw notFound('dispatch_catalogue', o.id);
  return {
    items: rows.map((r) => ({
      version: r.version,
      action: r.action as 'create' | 'update' | 'deactivate',
      entry: r.snapshot,
      actorId: r.actor_id,
      at: new Date(r.at).toISOString(),
    })),
  };
}

/** Per-process cache of the active entries: refreshed on local writes, else after a few seconds. */
const CACHE_MS = 5_000;
const cache = new WeakMap<Queryable, { at: number; entries: Promise<CatalogueEntry[]> }>();

export function invalidateCatalogue(db: Queryable) {
  cache.delete(db);
}

/** Active entries, for matching (small table: read whole, cached briefly per process). */
export function activeCatalogue(db: Queryable): Promise<CatalogueEntry[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.entries;
  const entries = db
    .query<Row>(`SELECT ${COLUMNS} FROM dispatch_catalogue WHERE active`)
    .then((rows) => rows.map(toEntry));
  entries.catch(() => cache.delete(db));
  cache.set(db, { at: Date.now(), entries });
  return entries;
}
