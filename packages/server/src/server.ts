import type { FastifyInstance } from 'fastify';
import { startRollup } from './analytics/rollup.ts';
import { buildApp } from './app.ts';
import { prepareDatabase } from './database.ts';
import { isDatabaseEmpty, seedDemoCity } from './demo/seed-demo-city.ts';
import { startRetrainJob } from './dispatch/models.ts';
import { startKnowledgeReminders } from './knowledge/reminders.ts';
import type { Config } from './platform/config.ts';
import { openDb } from './platform/db.ts';
import { startSupervisionEngine } from './supervision/engine.ts';
import { startScanner } from './time-limits/scanner.ts';

export interface StartOptions {
  seedIfEmpty?: boolean;
}

/**
 * One stateless Jiesu process: migrate, optionally seed the demo city, serve HTTP and run the
 * time-limit scanner. Start as many as you like on one PostgreSQL server.
 */
export async function startServer(config: Config, options: StartOptions = {}) {
  const db = await openDb(config);
  const applied = await prepareDatabase(db);
  const { app, ctx } = await buildApp({
    db,
    logLevel: config.logLevel,
    cookieSecure: config.cookieSecure,
    sessionHours: config.sessionHours,
  });
  if (applied.length > 0) app.log.info({ applied }, '数据库迁移完成');
  if (options.seedIfEmpty && (await isDatabaseEmpty(db))) {
    app.log.info('数据库为空，正在生成演示城市……');
    const seeded = await seedDemoCity(ctx, { log: (line) => app.log.info(line) });
    app.log.info(seeded, '演示城市已生成');
  }
  const stopScanner = startScanner(ctx, {
    intervalMs: config.scannerIntervalMs,
    batchSize: config.scannerBatch,
    log: (msg, err) => app.log.error({ err }, msg),
  });
  const stopRollup = startRollup(db, { log: (msg, err) => app.log.error({ err }, msg) });
  const stopSupervision = startSupervisionEngine(ctx, {
    intervalMs: config.supervisionIntervalMs,
    batchSize: config.scannerBatch,
    log: (msg, err) => app.log.error({ err }, msg),
  });
  const stopRetrain = startRetrainJob(ctx, {
    log: (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)),
  });
  const stopKnowledge = startKnowledgeReminders(ctx, { log: (msg, err) => app.log.error({ err }, msg) });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `Jiesu 接诉即办已启动: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.all([stopScanner(), stopRetrain(), stopSupervision(), stopKnowledge(), stopRollup()]);
      await app.close();
      await db.close();
    })();
    return closing;
  };
  return { app: app as FastifyInstance, close };
}
