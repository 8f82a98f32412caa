import type { Context } from '../context.ts';
import { scanWarnings } from '../domain/time-limit-warnings.ts';
import type { OrderRow } from '../orders/order-row.ts';
import { startPeriodic } from '../platform/periodic.ts';

/**
 * 业务红黄牌 scanner. Any number of Jiesu processes may run it against one database: each batch
 * claims due orders with FOR UPDATE SKIP LOCKED, and the unique key on time_limit_warnings makes
 * every warning land exactly once, even across crashes and restarts.
 */
export async function scanTimeLimits(
  ctx: Pick<Context, 'db' | 'now'>,
  batchSize = 500,
): Promise<{ orders: number; warnings: number }> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const due = await tx.query<OrderRow>(
      `SELECT * FROM orders WHERE next_warning_at <= $1 ORDER BY next_warning_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batchSize],
    );
    let warnings = 0;
    for (const o of due) {
      const scan = scanWarnings(
        {
          state: o.state,
          signedAt: o.signed_at,
          dispatchDueAt: o.dispatch_due_at,
          signDueAt: o.sign_due_at,
          handleDueAt: o.handle_due_at,
          yellowAt: o.yellow_at,
        },
        now,
      );
      for (const w of scan.due) {
        const inserted = await tx.query(
          `INSERT INTO time_limit_warnings (order_id, clock, level, due_at, unit_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [o.id, w.clock, w.level, w.dueAt, w.clock === 'dispatch' ? null : o.handling_unit_id, now],
        );
        warnings += inserted.length;
      }
      await tx.query('UPDATE orders SET card = $2, next_warning_at = $3 WHERE id = $1', [
        o.id,
        scan.card,
        scan.nextAt,
      ]);
    }
    return { orders: due.length, warnings };
  });
}

/** Runs the scanner every `intervalMs` until stopped; drains a backlog batch after batch. */
export function startScanner(
  ctx: Pick<Context, 'db' | 'now'>,
  o: { intervalMs: number; batchSize: number; log: (msg: string, err?: unknown) => void },
) {
  return startPeriodic({
    name: '时限扫描',
    run: async (stopped) => {
      let r: { orders: number };
      do r = await scanTimeLimits(ctx, o.batchSize);
      while (r.orders > 0 && !stopped());
    },
    every: o.intervalMs,
    log: o.log,
  });
}
