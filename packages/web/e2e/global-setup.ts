/**
 * Once per browser-test run: build the web app and seed the demo city into a template data
 * directory. Each test file's server starts on its own copy of it (see `startServer`), so the files
 * stay independent without each paying for the seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWebIfStale, REPO } from './harness.ts';

export default function setup(project: TestProject) {
  buildWebIfStale();
  const template = mkdtempSync(path.join(tmpdir(), 'jiesu-e2e-template-'));
  const seeded = spawnSync(
    process.execPath,
    [path.join(REPO, 'packages/server/bin/jiesu.js'), 'seed', '--demo'],
    {
      cwd: REPO,
      env: { ...process.env, JIESU_DATA_DIR: template, DATABASE_URL: '', JIESU_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  );
  if (seeded.status !== 0) throw new Error(`demo seed failed:\n${seeded.stdout}\n${seeded.stderr}`);
  project.provide('seededDataDir', template);
  return () => rmSync(template, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    seededDataDir: string;
  }
}
