import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  buildWebIfStale,
  type JiesuServer,
  launchBrowser,
  login,
  newStaffContext,
  screenshot,
  searchAndPick,
  startServer,
} from './harness.ts';

/**
 * 知识库: the editor writes, submits, approves and revises an entry and compares the versions; the
 * call-taker asks a vague question, picks the case, quotes the passage as the direct answer; a
 * citizen finds an answer on the portal before submitting.
 */
let server: JiesuServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  buildWebIfStale();
  server = await startServer();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function staffPage(): Promise<Page> {
  const ctx = await newStaffContext(browser, server.baseUrl);
  contexts.push(ctx);
  return ctx.newPage();
}

const POLL = { timeout: 20_000 };
const drawerTitle = (page: Page) => page.locator('.ant-drawer-title');

test('the knowledge editor drafts, submits, approves, revises an entry and compares versions', {
  timeout: 180_000,
}, async () => {
  const page = await staffPage();
  await login(page, 'knowledge');
  await page.goto('/knowledge');
  // The seeded knowledge base is listed with its status marks.
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
  await expect.poll(() => page.locator('.ant-table-tbody').textContent(), POLL).toContain('已发布');
  await screenshot(page, 'knowledge-list');

  // Sharing: export downloads the open format; importing a file makes drafts for review.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /导\s*出/ }).click(),
  ]);
  const exported = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8'));
  expect(exported.format).toBe('jiesu-knowledge');
  expect(exported.entries.length).toBeGreaterThan(10);
  const one = path.join(mkdtempSync(path.join(tmpdir(), 'kb-')), 'one.json');
  writeFileSync(one, JSON.stringify({ ...exported, origin: '邻市', entries: exported.entries.slice(0, 1) }));
  await page.locator('input[type=file]').setInputFiles(one);
  await page.getByText('已导入 1 条，全部为草稿，请审核后发布').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: '知道了' }).click();

  await page.getByRole('button', { name: '新建条目' }).click();
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('新建知识条目');
  await page.getByLabel('标题').fill('临江市电动自行车上牌登记');
  await page.getByLabel('常见问法（每行一个）').fill('电动车怎么上牌\n电瓶车上牌去哪里办');
  await page
    .getByLabel('正文', { exact: true })
    .fill('携带身份证、购车发票和合格证到就近的上牌点登记。\n上牌免费，当场发放号牌。');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('草稿');
  expect(await drawerTitle(page).textContent()).toContain('第 1 版');

  await page.getByRole('button', { name: '提交审核' }).click();
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('审核中');
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('已发布');

  // A revision of a published entry is a new version, back to draft; the diff shows what changed.
  await page
    .getByLabel('正文', { exact: true })
    .fill(
      '携带身份证、购车发票和合格证到就近的上牌点登记。\n上牌免费，当场发放号牌；也可在“临江交警”公众号预约。',
    );
  await page.getByLabel('修改说明').fill('增加网上预约渠道');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('第 2 版');
  expect(await drawerTitle(page).textContent()).toContain('草稿');
  await page.getByRole('tab', { name: '版本对比' }).click();
  const diff = page.getByTestId('knowledge-diff');
  await diff.locator('.knowledge-diff__line--added').first().waitFor();
  expect(await diff.locator('.knowledge-diff__line--added').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining('公众号预约')]),
  );
  expect(await diff.locator('.knowledge-diff__line--removed').count()).toBeGreaterThan(0);
  expect(await page.locator('.ant-drawer-body').textContent()).toContain('增加网上预约渠道');
  await screenshot(page, 'knowledge-editor');

  await page.getByRole('tab', { name: '流程记录' }).click();
  await expect
    .poll(() => page.locator('.ant-drawer-body .ant-timeline').textContent(), POLL)
    .toContain('审核通过');

  // An expired entry opens with the warning not to quote it.
  const expired = await (await page.request.get('/api/knowledge/entries?attention=expired&limit=100')).json();
  const old = expired.items.find((e: { title: string }) => e.title.startsWith('2026年度城乡居民医保'));
  expect(old).toBeDefined();
  await page.goto(`/knowledge?entry=${old.id}`);
  await expect.poll(() => drawerTitle(page).textContent(), POLL).toContain('已过期');
  expect(await page.locator('.ant-drawer-body .ant-alert').first().textContent()).toContain('失效');
});

test('a vague question is asked back; the chosen case is quoted as the direct answer', {
  timeout: 180_000,
}, async () => {
  const page = await staffPage();
  await login(page, 'calltaker');
  await page.goto('/intake');
  await page.getByLabel('来电号码').fill('13900005678');
  await page.getByLabel('事项分类').click();
  await searchAndPick(page, '城乡居民医保');
  await page.getByLabel('标题').fill('咨询医保参保办理');
  await page.getByLabel('诉求内容').fill('来电人想参加医保，询问怎么办理。');

  // The call-taker asks the caller's own words in the panel: vague, so the panel asks back.
  const panel = page.getByTestId('knowledge-slot');
  await panel.getByLabel('知识库提问').fill('医保怎么办理啊，我想参个医保');
  const clarify = panel.getByTestId('knowledge-clarify');
  await clarify.waitFor({ timeout: 20_000 });
  expect(await clarify.locator('button').count()).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'intake-knowledge-clarify');
  await clarify.getByRole('button', { name: /城乡居民医保/ }).click();

  const best = panel.getByTestId('knowledge-answer').first();
  await best.waitFor({ timeout: 20_000 });
  expect(await best.textContent()).toContain('城乡居民基本医疗保险参保登记');
  expect(await best.locator('mark').count()).toBeGreaterThan(0);
  const passage = (await best.locator('.knowledge-passage').first().textContent()) ?? '';
  expect(passage.length).toBeGreaterThan(10);
  await best.getByRole('button', { name: '引用答复' }).click();
  await expect.poll(() => panel.textContent(), POLL).toContain('已引用：城乡居民基本医疗保险参保登记');
  await screenshot(page, 'intake-knowledge');

  // 「没有帮助」 on another answer is recorded.
  const other = panel.getByTestId('knowledge-answer').nth(1);
  if (await other.count()) {
    await other.getByRole('button', { name: '没有帮助' }).click();
    await page.getByText('已反馈“没有帮助”').waitFor();
  }

  // An expired entry is never offered, even when asked about by its own words.
  await panel.getByLabel('知识库提问').fill('2026年度城乡居民医保个人缴费标准');
  await expect.poll(() => panel.getByTestId('knowledge-answer').count(), POLL).toBeGreaterThan(0);
  await expect.poll(() => panel.textContent(), POLL).toContain('2027年度城乡居民医保个人缴费标准');
  expect(await panel.textContent()).not.toContain('2026年度城乡居民医保个人缴费标准和缴费时间');

  await page.getByRole('button', { name: '提交工单' }).click();
  await page.getByTestId('order-number').waitFor();
  await page.getByRole('button', { name: '直接答复' }).click();
  const answer = page.getByLabel('答复内容');
  await answer.waitFor();
  expect(await answer.inputValue()).toContain(passage.slice(0, 20));
  await page.getByRole('button', { name: '确认答复并办结' }).click();
  await page.getByText('已直接答复，工单办结').waitFor();

  const mine = await (await page.request.get('/api/orders?citizenPhone=13900005678')).json();
  expect(mine.items).toHaveLength(1);
  expect(mine.items[0].state).toBe('closed');
  const timeline = await (await page.request.get(`/api/orders/${mine.items[0].id}/timeline`)).json();
  const direct = timeline.items.find((e: { action: string }) => e.action === 'direct_answer');
  expect(direct.payload.knowledgeEntryId).toEqual(expect.any(Number));
  const entry = await (
    await page.request.get(`/api/knowledge/entries/${direct.payload.knowledgeEntryId}`)
  ).json();
  expect(entry.title).toBe('城乡居民基本医疗保险参保登记');
  expect(entry.stats.directAnswers).toBe(1);

  // The knowledge editor sees how the desk summed up the call (来电问法), to adopt as a question variant.
  const editor = await staffPage();
  await login(editor, 'knowledge');
  await editor.goto(`/knowledge?entry=${entry.id}`);
  await expect.poll(() => drawerTitle(editor).textContent(), POLL).toContain('城乡居民基本医疗保险参保登记');
  await editor.getByRole('tab', { name: '来电问法' }).click();
  const asked = editor.getByTestId('asked-question').first();
  await asked.waitFor(POLL);
  expect(await asked.textContent()).toContain('咨询医保参保办理');
  expect(await asked.textContent()).toContain('1 次');
  await screenshot(editor, 'knowledge-asked');
});

test('a citizen finds a published answer on the phone before submitting', { timeout: 120_000 }, async () => {
  const ctx = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto('/portal/submit');
  const box = page.getByTestId('portal-self-service');
  await box.getByLabel('先查一查').fill('公积金贷款最多能贷多少');
  await box.getByRole('button', { name: /查\s*询/ }).click();
  const first = box.getByTestId('portal-answer').first();
  await first.waitFor({ timeout: 20_000 });
  expect(await first.textContent()).toContain('住房公积金贷款最高额度');
  expect(await first.locator('mark').count()).toBeGreaterThan(0);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'portal-knowledge');

  // Still needs to submit: the question goes into the form.
  await box.getByRole('button', { name: '仍需提交诉求' }).click();
  expect(await page.getByLabel('具体内容').inputValue()).toContain('公积金贷款最多能贷多少');
  // Asked again and solved: the citizen is done.
  await page.getByRole('button', { name: '再查一查' }).click();
  await page
    .getByTestId('portal-self-service')
    .getByRole('button', { name: /查\s*询/ })
    .click();
  await page.getByTestId('portal-answer').first().waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: '问题已解决' }).click();
  await page.getByText('很高兴帮到您').waitFor();
});
