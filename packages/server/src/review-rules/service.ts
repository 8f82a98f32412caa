/**
 * 答复审核规则: CRUD for reviewers (review_rules.manage) and the check of a reply against the enabled
 * rules — of an order's latest reply for its reviewers, or of a draft for the handler's self-check.
 */
import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requireActor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { Segmenter } from '../dispatch/model/segmenter.ts';
import { cleanText } from '../dispatch/model/text.ts';
import type { Permission } from '../domain/permissions.ts';
import type { RequestType } from '../domain/reference.ts';
import {
  checkRuleParams,
  evaluateReply,
  idfTable,
  type ReviewFlag,
  type RuleKind,
  type Severity,
} from '../domain/reply-review.ts';
import { getVisibleOrder } from '../orders/queries.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound, ruleViolation } from '../platform/errors.ts';
import { loadReviewRules, type ReviewRuleRow, toReviewRule, toRuleView } from './store.ts';

let segmenter: Segmenter | undefined;
/** The tokeniser of the relevance score: cleaned (personal numbers masked) text cut by jieba. */
export function tokenise(text: string): string[] {
  segmenter ??= new Segmenter();
  return segmenter.cut(cleanText(text));
}

/** Orders that weigh words for relevance (rarer words weigh more), refreshed every 10 minutes. */
const IDF_ORDERS = 2000;
const IDF_TTL_MS = 10 * 60_000;
const idfCache = new WeakMap<Db, { at: number; idf: Map<string, number> | undefined }>();

async function orderIdf(db: Db): Promise<Map<string, number> | undefined> {
  const hit = idfCache.get(db);
  if (hit && Date.now() - hit.at < IDF_TTL_MS) return hit.idf;
  const rows = await db.query<{ text: string }>(
    `SELECT title || ' ' || content AS text FROM orders ORDER BY id DESC LIMIT ${IDF_ORDERS}`,
  );
  // Too few orders say nothing about which words are rare: weigh all words alike.
  const idf = rows.length >= 50 ? idfTable(rows.map((r) => tokenise(r.text))) : undefined;
  idfCache.set(db, { at: Date.now(), idf });
  return idf;
}

const CHECKERS: readonly Permission[] = ['order.review_unit', 'order.review_centre'];

function requireAny(actor: Actor | null | undefined, permissions: readonly Permission[]): Actor {
  const a = requireActor(actor);
  if (permissions.some((p) => a.permissions.has(p))) return a;
  throw new AppError('FORBIDDEN', { permission: permissions[0] });
}

export interface CheckResult {
  flags: ReviewFlag[];
  relevance: number;
}

async function runCheck(
  ctx: Context,
  input: {
    requestTitle: string;
    requestContent: string;
    requestType: RequestType | null;
    reply: string;
    finalReply?: boolean | undefined;
    refused?: boolean | undefined;
    contactedCitizen?: boolean | undefined;
  },
): Promise<CheckResult> {
  const rules = (await loadReviewRules(ctx.db)).map(toReviewRule);
  const res = evaluateReply(input, rules, tokenise, await orderIdf(ctx.db));
  return { flags: res.flags, relevance: res.relevance };
}

interface ReplyPayload {
  content?: string;
  contactedCitizen?: boolean;
  finalReply?: unknown;
}

/** The latest reply of an order checked against the rules, for its reviewers (data scope applies). */
export async function checkOrderReply(
  ctx: Context,
  actor: Actor | null,
  orderId: number,
): Promise<CheckResult> {
  requireAny(actor, CHECKERS);
  const order = await getVisibleOrder(ctx, actor, orderId);
  const [ev] = await ctx.db.query<{ payload: ReplyPayload }>(
    `SELECT payload FROM order_events WHERE order_id = $1 AND action = 'reply' ORDER BY seq DESC LIMIT 1`,
    [order.id],
  );
  if (!ev || typeof ev.payload.content !== 'string') throw notFound('reply', orderId);
  return runCheck(ctx, {
    requestTitle: order.title,
    requestContent: order.content,
    requestType: order.request_type,
    reply: ev.payload.content,
    finalReply: ev.payload.finalReply != null,
    contactedCitizen: ev.payload.contactedCitizen === true,
  });
}

export interface DraftCheck {
  orderId?: number | undefined;
  requestTitle?: string | undefined;
  requestContent?: string | undefined;
  requestType?: RequestType | undefined;
  reply: string;
  finalReply?: boolean | undefined;
  refused?: boolean | undefined;
  contactedCitizen?: boolean | undefined;
}

/**
 * A draft reply checked before it is sent: for an order the handler may see (its request is read from
 * the order), or for a request given in the body (reviewers trying their rules).
 */
export async function checkDraftReply(
  ctx: Context,
  actor: Actor | null,
  d: DraftCheck,
): Promise<CheckResult> {
  requireAny(actor, ['order.handle', ...CHECKERS, 'review_rules.manage']);
  let request: { title: string; content: string; type: RequestType | null };
  if (d.orderId !== undefined) {
    const o = await getVisibleOrder(ctx, actor, d.orderId);
    request = { title: o.title, content: o.content, type: o.request_type };
  } else {
    if (!d.requestTitle && !d.requestContent)
      throw ruleViolation('requestContent', '请提供工单编号，或诉求标题与内容');
    request = { title: d.requestTitle ?? '', content: d.requestContent ?? '', type: d.requestType ?? null };
  }
  return runCheck(ctx, {
    requestTitle: request.title,
    requestContent: request.content,
    requestType: request.type,
    reply: d.reply,
    finalReply: d.finalReply,
    refused: d.refused,
    contactedCitizen: d.contactedCitizen,
  });
}

// ---------------------------------------------------------------------------------------------
// CRUD

/** Reviewers and handlers read the rules (to know what a reply will be checked against). */
export async function listReviewRules(ctx: Context, actor: Actor | null) {
  const a = requireAny(actor, ['review_rules.manage', 'order.handle', ...CHECKERS]);
  return {
    items: (await loadReviewRules(ctx.db)).map(toRuleView),
    canEdit: a.permissions.has('review_rules.manage'),
  };
}

export interface RuleInput {
  name: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  params: Record<string, unknown>;
  position?: number | undefined;
}

function checkParams(kind: RuleKind, params: Record<string, unknown>) {
  const problem = checkRuleParams(kind, params);
  if (problem) throw ruleViolation(problem.field, problem.message);
}

export async function createReviewRule(
  ctx: Context,
  o: RuleInput & { actor: Actor | null; code: string; ip?: string },
) {
  const actor = requirePermission(o.actor, 'review_rules.manage');
  checkParams(o.kind, o.params);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<ReviewRuleRow>(
      `INSERT INTO review_rules (code, name, kind, severity, enabled, params, position, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, (SELECT COALESCE(max(position), 0) + 10 FROM review_rules)), $8, $9)
       ON CONFLICT (code) DO NOTHING RETURNING *`,
      [
        o.code,
        o.name,
        o.kind,
        o.severity,
        o.enabled,
        JSON.stringify(o.params),
        o.position ?? null,
        actor.userId,
        ctx.now(),
      ],
    );
    if (!row)
      throw new AppError('ALREADY_EXISTS', { field: 'code', code: o.code }, `规则编码 ${o.code} 已存在`);
    await recordAudit(tx, {
      actor,
      action: 'review_rule.create',
      targetType: 'review_rule',
      targetId: o.code,
      ip: o.ip,
      details: { after: toRuleView(row) },
    });
    return toRuleView(row);
  });
}

export async function updateReviewRule(
  ctx: Context,
  o: Partial<RuleInput> & { actor: Actor | null; code: string; version: number; ip?: string },
) {
  const actor = requirePermission(o.actor, 'review_rules.manage');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.query<ReviewRuleRow>('SELECT * FROM review_rules WHERE code = $1 FOR UPDATE', [
      o.code,
    ]);
    if (!before) throw notFound('review_rule', o.code);
    if (before.version !== o.version)
      throw new AppError(
        'VERSION_CONFLICT',
        { field: 'body.version', current: before.version },
        '审核规则已被他人修改，请刷新后重试',
      );
    const kind = o.kind ?? before.kind;
    const params = o.params ?? (before.params as unknown as Record<string, unknown>);
    checkParams(kind, params);
    const [row] = await tx.query<ReviewRuleRow>(
      `UPDATE review_rules SET name = $2, kind = $3, severity = $4, enabled = $5, params = $6, position = $7,
         updated_by = $8, updated_at = $9, version = version + 1 WHERE code = $1 RETURNING *`,
      [
        o.code,
        o.name ?? before.name,
        kind,
        o.severity ?? before.severity,
        o.enabled ?? before.enabled,
        JSON.stringify(params),
        o.position ?? before.position,
        actor.userId,
        ctx.now(),
      ],
    );
    if (!row) throw notFound('review_rule', o.code);
    await recordAudit(tx, {
      actor,
      action: 'review_rule.update',
      targetType: 'review_rule',
      targetId: o.code,
      ip: o.ip,
      details: { before: toRuleView(before), after: toRuleView(row) },
    });
    return toRuleView(row);
  });
}

export async function deleteReviewRule(ctx: Context, o: { actor: Actor | null; code: string; ip?: string }) {
  const actor = requirePermission(o.actor, 'review_rules.manage');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<ReviewRuleRow>('DELETE FROM review_rules WHERE code = $1 RETURNING *', [
      o.code,
    ]);
    if (!row) throw notFound('review_rule', o.code);
    await recordAudit(tx, {
      actor,
      action: 'review_rule.delete',
      targetType: 'review_rule',
      targetId: o.code,
      ip: o.ip,
      details: { before: toRuleView(row) },
    });
    return { deleted: true as const };
  });
}
