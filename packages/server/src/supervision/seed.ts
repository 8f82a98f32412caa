import { userActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { Role } from '../domain/reference.ts';
import { assignCase, endCase, escalateCase, sendNotice } from './actions.ts';
import { scanSupervision } from './engine.ts';
import { logNoticeSender } from './notice-sender.ts';

/**
 * 督办台 demo data: runs the engine once over the demo city's orders, then lets the demo supervisor
 * act on a few cases (assign, notice, escalate, resolve) so that every status and level shows.
 */
export async function seedDemoSupervision(ctx: Context, log: (line: string) => void = () => {}) {
  const scan = await scanSupervision(ctx);
  const [u] = await ctx.db.query<{ id: number; display_name: string; roles: Role[]; unit_id: number | null }>(
    `SELECT id, display_name, roles, unit_id FROM users WHERE username = 'supervisor'`,
  );
  if (!u) return { opened: scan.opened };
  const refs = await ctx.refs.get();
  const actor = userActor({
    id: u.id,
    displayName: u.display_name,
    roles: u.roles,
    unitId: u.unit_id,
    unitPath: u.unit_id ? (refs.units.get(u.unit_id)?.path ?? null) : null,
  });
  const cases = await ctx.db.query<{ id: number; cause: string; unit_id: number | null }>(
    `SELECT id, cause, unit_id FROM supervision_cases WHERE status = 'open' AND unit_id IS NOT NULL
     ORDER BY (cause = 'overdue') DESC, opened_at, id LIMIT 8`,
  );
  const sender = logNoticeSender(() => {});
  const ignore = () => {};
  const [a, b, c, e] = cases;
  if (a) {
    await assignCase(ctx, { actor, caseId: a.id, ownerId: u.id, note: '由本人跟踪' });
    await sendNotice(
      ctx,
      sender,
      { actor, caseId: a.id, message: '该工单已超期，请于今日 17:30 前办结并反馈。', channels: ['sms'] },
      ignore,
    );
    await escalateCase(ctx, { actor, caseId: a.id, reason: '通知后仍未响应，升级督办' });
  }
  if (b) {
    await sendNotice(
      ctx,
      sender,
      { actor, caseId: b.id, message: '请尽快联系市民并反馈办理进展。', channels: [] },
      ignore,
    );
  }
  if (c)
    await escalateCase(ctx, {
      actor,
      caseId: c.id,
      level: 'escalated',
      reason: '涉及群众安全，提请市领导督办',
    });
  if (e) await endCase(ctx, { actor, caseId: e.id, action: 'resolve', result: '单位已办结，市民确认满意' });
  log(`督办：引擎立案 ${scan.opened} 件，演示督办操作 ${Math.min(cases.length, 4)} 件`);
  return { opened: scan.opened };
}
