import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { SYSTEM_ACTOR } from './auth/actor.ts';
import { prepareDatabase } from './database.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCity } from './demo/seed-demo-city.ts';
import { ROLES, type Role } from './domain/reference.ts';
import { createUser } from './organisation/organisation-service.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openDb } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { startServer } from './server.ts';

const HELP = `jiesu — 接诉即办 12345 热线工单平台

用法:
  jiesu serve [--seed-if-empty]     迁移数据库并启动服务（含时限扫描）
  jiesu migrate                     只执行数据库迁移
  jiesu seed --demo [--orders N]    生成演示城市（仅空数据库）
  jiesu user add --username U --name 姓名 --roles r1,r2 [--unit 单位ID] [--phone P]
                                    新建用户（密码从环境变量 JIESU_PASSWORD 读取，未设置时随机生成并打印）
  jiesu classify train|eval --input FILE.tsv --model M.json [--text-columns title,detail] [--label-column label] [--json]
                                    从历史工单训练、评估分类模型（jiesu classify --help 查看详情）

环境变量: PORT HOST DATABASE_URL JIESU_DATA_DIR JIESU_LOG_LEVEL JIESU_SCANNER_INTERVAL_MS（见 README）`;

async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof buildApp>>['ctx']) => Promise<T>) {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    await prepareDatabase(db);
    const { ctx } = await buildApp({ db, logLevel: 'silent' });
    return await fn(ctx);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]) {
  const [command, sub] = argv;
  // classify has options of its own, parsed in dispatch/classify-cli.ts (loaded only when used).
  if (command === 'classify') return classify(argv.slice(1));
  const { values } = parseOptions(() =>
    parseArgs({
      args: argv.slice(command === 'user' ? 2 : 1),
      options: {
        'seed-if-empty': { type: 'boolean' },
        demo: { type: 'boolean' },
        orders: { type: 'string' },
        username: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        unit: { type: 'string' },
        phone: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }),
  );
  if (values.help || !command) return console.log(HELP);

  switch (command) {
    case 'serve': {
      const server = await startServer(loadConfig(), { seedIfEmpty: values['seed-if-empty'] });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          server.close().then(() => process.exit(0));
        });
      }
      return;
    }
    case 'migrate': {
      const config = loadConfig();
      const db = await openDb(config);
      const applied = await prepareDatabase(db);
      await db.close();
      return console.log(applied.length ? `已执行迁移: ${applied.join(', ')}` : '数据库已是最新');
    }
    case 'seed': {
      if (!values.demo) throw new UsageError('目前只支持 jiesu seed --demo');
      const orders = values.orders ? Number(values.orders) : undefined;
      if (orders !== undefined && !(Number.isInteger(orders) && orders >= 0))
        throw new UsageError('--orders 必须是非负整数');
      await withContext(async (ctx) => {
        if (!(await isDatabaseEmpty(ctx.db)))
          throw new UsageError('数据库中已有数据，演示城市只能生成在空数据库中');
        const r = await seedDemoCity(ctx, { orders, log: console.log });
        console.log(
          `演示城市已生成: ${r.units} 个单位, ${r.categories} 个分类, ${r.users} 个用户, ${r.orders} 张工单`,
        );
        console.log(
          `演示账号（密码均为 ${DEMO_PASSWORD}）: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`,
        );
      });
      return;
    }
    case 'user': {
      if (sub !== 'add') throw new UsageError('用法: jiesu user add --username U --name 姓名 --roles r1,r2');
      const { username, name, roles, unit, phone } = values;
      if (!username || !name || !roles) throw new UsageError('需要 --username、--name 和 --roles');
      const roleList = roles.split(',').map((r) => r.trim());
      const bad = roleList.find((r) => !(ROLES as readonly string[]).includes(r));
      if (bad) throw new UsageError(`未知角色 ${bad}；可用角色: ${ROLES.join(', ')}`);
      const generated = !process.env.JIESU_PASSWORD;
      const password = process.env.JIESU_PASSWORD ?? (await import('./auth/secrets.ts')).newToken(12);
      const created = await withContext((ctx) =>
        createUser(ctx, {
          actor: SYSTEM_ACTOR,
          username,
          displayName: name,
          password,
          roles: roleList as Role[],
          unitId: unit ? Number(unit) : undefined,
          phone,
        }),
      );
      console.log(`已创建用户 ${username} (id ${created.id})${generated ? `，初始密码: ${password}` : ''}`);
      return;
    }
    default:
      throw new UsageError(`未知命令 ${command}\n\n${HELP}`);
  }
}

class UsageError extends Error {}

async function classify(args: string[]) {
  const { runClassifyCli, ClassifyUsageError, CLASSIFY_HELP } = await import('./dispatch/classify-cli.ts');
  if (args.includes('--help') || args.includes('-h')) return console.log(CLASSIFY_HELP);
  try {
    await runClassifyCli(args);
  } catch (err) {
    throw err instanceof ClassifyUsageError ? new UsageError(err.message) : err;
  }
}

/** Unknown or malformed options are a usage error (exit 2) with the help text, not a stack trace. */
function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`参数有误: ${(err as Error).message}\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) console.error(err.message);
  else if (err instanceof AppError)
    console.error(`${err.code}: ${err.message} ${JSON.stringify(err.details)}`);
  else console.error(err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
