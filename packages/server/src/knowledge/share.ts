/**
 * Sharing between cities (docs/knowledge-format.md) and knowledge from resolved orders.
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { KNOWLEDGE_KINDS } from '../domain/knowledge.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import { AppError, notFound, ruleViolation } from '../platform/errors.ts';
import { cleanInput, type EntryRow, insertEntry, today } from './entries.ts';
import { EntryInput } from './schemas.ts';
import { escapeHtml, maskPersonal } from './text.ts';

export const FORMAT = 'jiesu-knowledge';
export const FORMAT_VERSION = 1;

const Named = z.object({
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().max(50).nullable().default(null),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const SharedEntry = z.object({
  /** Stable reference in the exporting city (its entry id or key). */
  ref: z.string().min(1).max(100),
  kind: z.enum(KNOWLEDGE_KINDS),
  title: z.string().trim().min(1).max(200),
  bodyHtml: z.string().max(100_000),
  questions: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  steps: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  tags: z.array(z.string().trim().min(1).max(30)).max(30).default([]),
  category: Named.nullable().default(null),
  /** Districts / streets by name (and code when known); [] = the whole city. */
  regions: z.array(Named).max(200).default([]),
  caseGroup: z.string().trim().min(1).max(60).nullable().default(null),
  caseLabel: z.string().trim().min(1).max(100).nullable().default(null),
  source: z
    .object({ title: z.string().max(200).nullable(), url: z.string().max(500).nullable() })
    .nullable()
    .default(null),
  ownerUnit: Named.nullable().default(null),
  validity: z.object({ effectiveFrom: day.nullable(), expiresOn: day.nullable() }),
  attachments: z
    .array(z.object({ title: z.string(), url: z.string() }))
    .max(20)
    .default([]),
  /** The entry's version in the exporting city. */
  version: z.number().int().positive(),
});

export const ShareFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  exportedAt: z.string(),
  /** The exporting deployment (free text, e.g. the city's name). */
  origin: z.string().max(100).nullable().default(null),
  entries: z.array(SharedEntry).max(100_000),
});
export type ShareFile = z.infer<typeof ShareFile>;

const named = (refs: ReferenceSnapshot, id: number | null, kind: 'units' | 'categories') => {
  if (id === null) return null;
  const r = refs[kind].get(id);
  return r ? { name: r.name, code: r.code } : null;
};

/** Published entries valid today, in the open exchange format. */
export async function exportEntries(
  ctx: Context,
  o: { actor: Actor | null; categoryId?: number | undefined; origin?: string | null },
): Promise<ShareFile> {
  requirePermission(o.actor, 'knowledge.read');
  const refs = await ctx.refs.get();
  const rows = await ctx.db.query<EntryRow>(
    `SELECT * FROM knowledge_entries
     WHERE state = 'published' AND (expires_on IS NULL OR expires_on >= $1::date)
       AND ($2::int IS NULL OR category_id = $2) ORDER BY id`,
    [today(ctx), o.categoryId ?? null],
  );
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    exportedAt: ctx.now().toISOString(),
    origin: o.origin ?? null,
    entries: rows.map((r) => ({
      ref: String(r.id),
      kind: r.kind,
      title: r.title,
      bodyHtml: r.body_html,
      questions: r.questions,
      steps: r.steps,
      tags: r.tags,
      category: named(refs, r.category_id, 'categories'),
      regions: r.region_ids.map((id) => named(refs, id, 'units') ?? { name: String(id), code: null }),
      caseGroup: r.case_group,
      caseLabel: r.case_label,
      source: r.source_title || r.source_url ? { title: r.source_title, url: r.source_url } : null,
      ownerUnit: named(refs, r.owner_unit_id, 'units'),
      validity: { effectiveFrom: r.effective_from, expiresOn: r.expires_on },
      attachments: r.attachments,
      version: r.version,
    })),
  };
}

function resolve<T extends { id: number; name: string; code: string | null }>(
  items: Iterable<T>,
  n: { name: string; code: string | null },
  ok: (t: T) => boolean = () => true,
): T | undefined {
  const list = [...items].filter(ok);
  return (n.code ? list.find((t) => t.code === n.code) : undefined) ?? list.find((t) => t.name === n.name);
}

/**
 * Imports entries as drafts for review (origin 'import'). Categories, regions and owner units are
 * matched by code, then by name; what cannot be matched is left out and reported. All or nothing.
 */
export async function importEntries(ctx: Context, o: { actor: Actor | null; file: ShareFile; ip?: string }) {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  const refs = await ctx.refs.get();
  const at = ctx.now();
  const prepared: { e: z.infer<typeof SharedEntry>; snapshot: EntryInput; notes: string[] }[] = [];
  const warnings: { ref: string; message: string }[] = [];
  for (const [i, e] of o.file.entries.entries()) {
    const notes: string[] = [];
    const category = e.category ? resolve(refs.categories.values(), e.category) : undefined;
    if (e.category && !category) notes.push(`未找到分类「${e.category.name}」`);
    const regionIds: number[] = [];
    for (const r of e.regions) {
      const u = resolve(refs.units.values(), r, (x) =>
        ['city', 'district', 'street', 'community'].includes(x.kind),
      );
      if (u) regionIds.push(u.id);
      else notes.push(`未找到适用区域「${r.name}」`);
    }
    const owner = e.ownerUnit ? resolve(refs.units.values(), e.ownerUnit) : undefined;
    if (e.ownerUnit && !owner) notes.push(`未找到责任单位「${e.ownerUnit.name}」`);
    const url = e.source?.url && /^https?:\/\/\S+$/.test(e.source.url) ? e.source.url : null;
    const parsed = EntryInput.safeParse({
      kind: e.kind,
      title: e.title,
      bodyHtml: e.bodyHtml,
      questions: e.questions,
      steps: e.steps,
      tags: e.tags,
      categoryId: category?.id ?? null,
      regionUnitIds: regionIds,
      caseGroup: e.caseGroup,
      caseLabel: e.caseLabel,
      sourceTitle: e.source?.title || null,
      sourceUrl: url,
      ownerUnitId: owner?.id ?? null,
      effectiveFrom: e.validity.effectiveFrom,
      expiresOn: e.validity.expiresOn,
      attachments: e.attachments.filter((a) => /^https?:\/\//.test(a.url)),
    });
    if (!parsed.success)
      throw new AppError(
        'VALIDATION_FAILED',
        { field: `body.entries.${i}`, issues: parsed.error.issues.slice(0, 3) },
        `第 ${i + 1} 条内容有误`,
      );
    // Regions that could not be matched must not silently widen an entry to the whole city.
    if (e.regions.length > 0 && regionIds.length === 0) notes.push('适用区域均未匹配，导入后请指定区域');
    const snapshot = await cleanInput(ctx, parsed.data).catch((err: unknown) => {
      if (err instanceof AppError)
        throw new AppError(
          err.code,
          { ...err.details, field: `body.entries.${i}` },
          `第 ${i + 1} 条：${err.message}`,
        );
      throw err;
    });
    for (const n of notes) warnings.push({ ref: e.ref, message: n });
    prepared.push({ e, snapshot, notes });
  }
  const created = await ctx.db.transaction(async (tx) => {
    const out: { ref: string; id: number }[] = [];
    for (const p of prepared) {
      const id = await insertEntry(tx, {
        snapshot: p.snapshot,
        refs,
        actorId: actor.userId,
        origin: 'import',
        originRef: `${o.file.origin ?? ''}#${p.e.ref}@${p.e.version}`,
        note: [`导入自${o.file.origin ?? '其他城市'}（版本 ${p.e.version}）`, ...p.notes].join('；'),
        at,
      });
      out.push({ ref: p.e.ref, id });
    }
    await recordAudit(tx, {
      actor,
      action: 'knowledge.import',
      ip: o.ip,
      details: { origin: o.file.origin, entries: out.length },
    });
    return out;
  });
  return { created, warnings };
}

/** A draft from a resolved order: the request as the question, the final reply as the answer, masked. */
export async function draftFromOrder(ctx: Context, o: { actor: Actor | null; orderId: number; ip?: string }) {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  const [order] = await ctx.db.query<{
    id: number;
    number: string;
    state: string;
    title: string;
    content: string;
    category_id: number | null;
    lead_unit_id: number | null;
  }>('SELECT id, number, state, title, content, category_id, lead_unit_id FROM orders WHERE id = $1', [
    o.orderId,
  ]);
  if (!order) throw notFound('order', o.orderId);
  if (order.state !== 'closed') throw ruleViolation('orderId', '只能从已办结的工单生成知识');
  const [reply] = await ctx.db.query<{ text: string | null }>(
    `SELECT COALESCE(payload->>'content', payload->>'answer') AS text FROM order_events
     WHERE order_id = $1 AND action IN ('reply', 'direct_answer') ORDER BY seq DESC LIMIT 1`,
    [o.orderId],
  );
  if (!reply?.text) throw ruleViolation('orderId', '该工单没有答复内容，不能生成知识');
  const question = maskPersonal(order.content).slice(0, 200);
  const answer = maskPersonal(reply.text);
  const input = EntryInput.parse({
    kind: 'faq',
    title: maskPersonal(order.title).slice(0, 200) || '来自工单的问答',
    bodyHtml: `<p>${escapeHtml(answer)}</p>`,
    questions: [question],
    categoryId: order.category_id,
    ownerUnitId: order.lead_unit_id,
  });
  const snapshot = await cleanInput(ctx, input);
  const refs = await ctx.refs.get();
  const id = await ctx.db.transaction(async (tx) => {
    const id = await insertEntry(tx, {
      snapshot,
      refs,
      actorId: actor.userId,
      origin: 'order',
      originRef: order.number,
      note: `由工单 ${order.number} 的诉求和答复生成（已隐去个人信息），请核实后提交审核`,
      at: ctx.now(),
    });
    await recordAudit(tx, {
      actor,
      action: 'knowledge.from_order',
      targetType: 'order',
      targetId: order.id,
      ip: o.ip,
      details: { entryId: id },
    });
    return id;
  });
  return id;
}
