/**
 * What every browser test needs: a current build of the web app, a Jiesu server with the demo city
 * on a throwaway data directory and a free port, and headless Debian chromium at 1440×900.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = path.join(REPO, 'packages/web');
export const SCREENSHOTS = path.join(REPO, 'artifacts/screenshots');
export const DEMO_PASSWORD = 'jiesu-demo-2026';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Builds packages/web unless dist/ is newer than every source file. */
export function buildWebIfStale() {
  const built = path.join(WEB, 'dist/index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    path.join(WEB, p),
  );
  const sourceTime = Math.max(...sources.filter(existsSync).map(newestMtime));
  if (existsSync(built) && statSync(built).mtimeMs > sourceTime) return;
  // Vitest sets NODE_ENV=test, which Vite would pass on: React's development build would be tested.
  const result = spawnSync('npm', ['run', 'build', '--workspace', '@jiesu/web'], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface JiesuServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * `jiesu serve --seed-if-empty` on a new data directory, a copy of the run's seeded demo city when
 * the global setup made one; resolves once /healthz answers.
 */
export async function startServer(): Promise<JiesuServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jiesu-e2e-'));
  const seeded = inject('seededDataDir');
  if (seeded) cpSync(seeded, dataDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO, 'packages/server/bin/jiesu.js'), 'serve', '--seed-if-empty'],
    {
      cwd: REPO,
      env: {
        ...process.env,
        JIESU_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        JIESU_LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`Jiesu server did not start:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

export async function newStaffContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

export async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .click();
  await page.getByTestId('current-user').waitFor();
}

/**
 * Types into the focused antd Cascader / TreeSelect and takes its first search result. A Cascader's
 * search list starts with nothing active; a TreeSelect's starts on the first match (`firstIsActive`).
 */
export async function searchAndPick(page: Page, text: string, firstIsActive = false) {
  await page.keyboard.type(text);
  await page
    .locator(
      '.ant-cascader-dropdown:visible .ant-cascader-menu-item, .ant-select-dropdown:visible .ant-select-tree-treenode',
    )
    .filter({ hasText: text })
    .first()
    .waitFor();
  if (!firstIsActive) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

/** Writes artifacts/screenshots/<name>.png once the page has settled. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  // No hover or focus effects from the last click, and let antd's short transitions finish.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * A staff suite's lifetime: the built web app, a fresh server with the demo city and one browser
 * for the whole file. Returns a factory of desktop contexts, all closed when the file is done.
 */
export function useStaffBrowser(): () => Promise<BrowserContext> {
  let server: JiesuServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  return async () => {
    if (!browser || !server) throw new Error('the staff browser has not started');
    const ctx = await newStaffContext(browser, server.baseUrl);
    contexts.push(ctx);
    return ctx;
  };
}
