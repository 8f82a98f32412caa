import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openPglite } from './platform/db.ts';

/** The `jiesu` command as an operator runs it, on an embedded database in a fresh folder. */
const run = promisify(execFile);
const JIESU = path.resolve(import.meta.dirname, '../bin/jiesu.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'jiesu-cli-'));
const env = { ...process.env, JIESU_DATA_DIR: dataDir, DATABASE_URL: '' };
const jiesu = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [JIESU, ...args], { env: { ...env, ...extra } });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('migrates, adds a user, refuses bad input with a clear message and exit code 2', {
  timeout: 60_000,
}, async () => {
  const first = await jiesu(['migrate']);
  expect(first.stdout).toContain('已执行迁移: 0001_order_core');
  expect((await jiesu(['migrate'])).stdout).toContain('数据库已是最新');

  const added = await jiesu(
    ['user', 'add', '--username', 'zhangsan', '--name', '张三', '--roles', 'dispatcher'],
    {
      JIESU_PASSWORD: 'a-long-secret-9',
    },
  );
  expect(added.stdout).toMatch(/已创建用户 zhangsan \(id \d+\)/);
  expect(added.stdout).not.toContain('a-long-secret-9');

  const badRole = await jiesu([
    'user',
    'add',
    '--username',
    'lisi',
    '--name',
    '李四',
    '--roles',
    'emperor',
  ]).catch((e: { code: number; stderr: string }) => e);
  expect(badRole).toMatchObject({ code: 2 });
  expect((badRole as { stderr: string }).stderr).toContain('未知角色 emperor');

  const badConfig = await jiesu(['migrate'], { PORT: 'eighty' }).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect(badConfig).toMatchObject({ code: 1 });
  expect((badConfig as { stderr: string }).stderr).toContain('PORT');

  const db = await openPglite({ dataDir });
  const users = await db.query<{ username: string; roles: string[] }>('SELECT username, roles FROM users');
  await db.close();
  expect(users).toEqual([{ username: 'zhangsan', roles: ['dispatcher'] }]);
});

it("accepts the arguments of the README's `npm start`, and refuses unknown ones with usage", {
  timeout: 60_000,
}, async () => {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8'));
  const args = /jiesu\.js (.+)$/.exec(pkg.scripts.start)?.[1]?.split(' ');
  expect(args?.[0]).toBe('serve');
  const help = await jiesu([...(args ?? []), '--help']);
  expect(help.stdout).toContain('用法');
  const unknown = await jiesu(['serve', '--migrate-everything']).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect(unknown).toMatchObject({ code: 2 });
  expect((unknown as { stderr: string }).stderr).toContain('参数有误');
});
