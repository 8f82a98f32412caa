/**
 * Admins edit the organisation tree and the category tree (系统管理): rename, move a unit under
 * another parent, deactivate and reactivate. Each edit is one transaction with its audit entry.
 */
import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { FINAL_STATES } from '../domain/order-lifecycle.ts';
import { unitParentProblem } from '../domain/organisation.ts';
import type { UnitKind } from '../domain/reference.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound, referenceNotFound, ruleViolation } from '../platform/errors.ts';

interface TreeRow {
  id: number;
  parent_id: number | null;
  name: string;
  path: string;
  depth: number;
  active: boolean;
}
type UnitRow = TreeRow & { kind: UnitKind; code: string | null };
type Changes = Record<string, { from: unknown; to: unknown }>;

const FINAL = [...FINAL_STATES];

async function activeChildren(tx: Queryable, table: 'units' | 'categories', id: number) {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE parent_id = $1 AND active`,
    [id],
  );
  return row?.n ?? 0;
}

/** Open orders a unit leads, handles or assists: it must finish or hand them on before it stops. */
async function openOrdersOf(tx: Queryable, unitId: number) {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders o
     WHERE o.state <> ALL($2::text[])
       AND (o.lead_unit_id = $1 OR o.handling_unit_id = $1
            OR EXISTS (SELECT 1 FROM order_assists a WHERE a.order_id = o.id AND a.unit_id = $1))`,
    [unitId, FINAL],
  );
  return row?.n ?? 0;
}

export interface UpdateUnitOptions {
  actor: Actor | null | undefined;
  id: number;
  name?: string | undefined;
  parentId?: number | undefined;
  active?: boolean | undefined;
}

export async function updateUnit(ctx: Context, o: UpdateUnitOptions) {
  const actor = requirePermission(o.actor, 'org.manage');
  const moving = o.parentId !== undefined;
  const updated = await ctx.db.transaction(async (tx) => {
    // A move rewrites the paths of a whole subtree: moves run one at a time (reads go on), so two
    // crossing moves (A under B, B under A) can never both commit and make a cycle.
    if (moving) await tx.query('LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE');
    const [unit] = await tx.query<UnitRow>(
      'SELECT id, parent_id, kind, name, code, path, depth, active FROM units WHERE id = $1 FOR UPDATE',
      [o.id],
    );
    if (!unit) throw notFound('unit', o.id);
    const changes: Changes = {};

    if (o.name !== undefined && o.name !== unit.name) {
      await tx.query('UPDATE units SET name = $2 WHERE id = $1', [unit.id, o.name]);
      changes.name = { from: unit.name, to: o.name };
    }

    if (o.parentId !== undefined && o.parentId !== unit.parent_id) {
      const [parent] = await tx.query<UnitRow>(
        'SELECT id, parent_id, kind, name, code, path, depth, active FROM units WHERE id = $1',
        [o.parentId],
      );
      if (!parent) throw referenceNotFound('parentId', o.parentId);
      if (parent.path.startsWith(unit.path)) {
        throw ruleViolation('parentId', '不能把单位移到它自己或它的下级单位之下');
      }
      const problem = unitParentProblem(unit.kind, parent.kind);
      if (problem) throw ruleViolation('parentId', problem);
      if (!parent.active) throw ruleViolation('parentId', `上级单位「${parent.name}」已停用`);
      const newPath = `${parent.path}${unit.id}/`;
      await tx.query(
        `UPDATE units SET path = $2 || substr(path, length($1) + 1), depth = depth + $3
         WHERE left(path, length($1)) = $1`,
        [unit.path, newPath, parent.depth + 1 - unit.depth],
      );
      await tx.query('UPDATE units SET parent_id = $2 WHERE id = $1', [unit.id, parent.id]);
      changes.parentId = { from: unit.parent_id, to: parent.id };
    }

    if (o.active === false && unit.active) {
      const children = await activeChildren(tx, 'units', unit.id);
      if (children > 0) {
        throw new AppError(
          'IN_USE',
          { field: 'active', activeChildren: children },
          `「${unit.name}」还有 ${children} 个在用的下级单位，请先停用下级单位`,
        );
      }
      const open = await openOrdersOf(tx, unit.id);
      if (open > 0) {
        throw new AppError(
          'IN_USE',
          { field: 'active', openOrders: open },
          `「${unit.name}」还有 ${open} 件未办结的工单，办结或改派后才能停用`,
        );
      }
      await tx.query('UPDATE units SET active = false WHERE id = $1', [unit.id]);
      changes.active = { from: true, to: false };
    } else if (o.active === true && !unit.active) {
      const [parent] = await tx.query<{ name: string; active: boolean }>(
        'SELECT u.name, u.active FROM units u JOIN units c ON c.parent_id = u.id WHERE c.id = $1',
        [unit.id],
      );
      if (parent && !parent.active) {
        throw ruleViolation('active', `上级单位「${parent.name}」已停用，请先启用上级单位`);
      }
      await tx.query('UPDATE units SET active = true WHERE id = $1', [unit.id]);
      changes.active = { from: false, to: true };
    }

    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, {
        actor,
        action: 'unit_updated',
        targetType: 'unit',
        targetId: unit.id,
        details: { changes },
      });
    }
    const [row] = await tx.query<UnitRow>(
      'SELECT id, parent_id, kind, name, code, path, depth, active FROM units WHERE id = $1',
      [unit.id],
    );
    return row as UnitRow;
  });
  ctx.refs.invalidate();
  // Sessions carry the path of their user's unit for data scope; a move changes it.
  if (moving) ctx.sessions.forget();
  return {
    id: updated.id,
    parentId: updated.parent_id,
    kind: updated.kind,
    name: updated.name,
    code: updated.code,
    depth: updated.depth,
    active: updated.active,
  };
}

export interface UpdateCategoryOptions {
  actor: Actor | null | undefined;
  id: number;
  name?: string | undefined;
  active?: boolean | undefined;
}

export async function updateCategory(ctx: Context, o: UpdateCategoryOptions) {
  const actor = requirePermission(o.actor, 'org.manage');
  const updated = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.query<TreeRow & { code: string | null }>(
      'SELECT id, parent_id, code, name, path, depth, active FROM categories WHERE id = $1 FOR UPDATE',
      [o.id],
    );
    if (!c) throw notFound('category', o.id);
    const changes: Changes = {};
    if (o.name !== undefined && o.name !== c.name) {
      await tx.query('UPDATE categories SET name = $2 WHERE id = $1', [c.id, o.name]);
      changes.name = { from: c.name, to: o.name };
    }
    if (o.active === false && c.active) {
      const children = await activeChildren(tx, 'categories', c.id);
      if (children > 0) {
        throw new AppError(
          'IN_USE',
          { field: 'active', activeChildren: children },
          `「${c.name}」还有 ${children} 个在用的下级分类，请先停用下级分类`,
        );
      }
      await tx.query('UPDATE categories SET active = false WHERE id = $1', [c.id]);
      changes.active = { from: true, to: false };
    } else if (o.active === true && !c.active) {
      const [parent] = await tx.query<{ name: string; active: boolean }>(
        'SELECT name, active FROM categories WHERE id = $1',
        [c.parent_id],
      );
      if (parent && !parent.active) {
        throw ruleViolation('active', `上级分类「${parent.name}」已停用，请先启用上级分类`);
      }
      await tx.query('UPDATE categories SET active = true WHERE id = $1', [c.id]);
      changes.active = { from: false, to: true };
    }
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, {
        actor,
        action: 'category_updated',
        targetType: 'category',
        targetId: c.id,
        details: { changes },
      });
    }
    const [row] = await tx.query<TreeRow & { code: string | null }>(
      'SELECT id, parent_id, code, name, path, depth, active FROM categories WHERE id = $1',
      [c.id],
    );
    return row as TreeRow & { code: string | null };
  });
  ctx.refs.invalidate();
  return {
    id: updated.id,
    parentId: updated.parent_id,
    name: updated.name,
    code: updated.code,
    depth: updated.depth,
    active: updated.active,
  };
}
