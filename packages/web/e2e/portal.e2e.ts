import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  buildWebIfStale,
  DEMO_PASSWORD,
  type JiesuServer,
  launchBrowser,
  screenshot,
  startServer,
} from './harness.ts';

/**
 * The citizens' portal on a phone: submit a complaint with a photo, follow it while staff handle it,
 * read the answer and rate it. Staff steps go through the API as the demo accounts.
 */
let server: JiesuServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  buildWebIfStale();
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** A staff member's API session, for the steps that happen in the workbenches. */
async function staff(username: string) {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (path: string, body?: unknown) => {
    const r = await fetch(`${server.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    expect(r.status, `${username} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PHONE = '13512340000';

async function trackOnPage(page: Page, number: string) {
  await page.goto(`/portal/track?number=${number}`);
  await page.getByLabel('手机号').fill(PHONE);
  await page
    .getByRole('button', { name: '查 询' })
    .or(page.getByRole('button', { name: '查询' }))
    .click();
  await page.getByText(`工单 ${number.slice(0, 6)} ${number.slice(6)}`).waitFor();
}

test('a citizen submits with a photo, follows the progress, reads the answer and rates it', {
  timeout: 120_000,
}, async () => {
  const page = await context.newPage();
  const scripts: { url: string; bytes: number }[] = [];
  page.on('requestfinished', (req) => {
    if (!req.url().endsWith('.js')) return;
    // Encoded (compressed) bytes as they crossed the network.
    req.sizes().then(
      (sizes) => scripts.push({ url: req.url(), bytes: sizes.responseBodySize }),
      () => scripts.push({ url: req.url(), bytes: 0 }),
    );
  });
  await page.goto('/portal');
  await page.getByText('我要反映').waitFor();
  await screenshot(page, 'portal-01-home');
  // Code splitting: the public portal never downloads the staff workbenches.
  const loaded = scripts.map((s) => s.url).join(' ');
  for (const staffChunk of [
    'StaffLayout',
    'OrderListPage',
    'OrderDetailPage',
    'LoginPage',
    'ComingSoonPage',
  ]) {
    expect(loaded).not.toContain(staffChunk);
  }
  expect(loaded).toContain('PortalPage');
  console.log(
    `portal first load: ${scripts.length} scripts, ${Math.round(scripts.reduce((n, s) => n + s.bytes, 0) / 1024)} KB`,
  );

  await page.getByText('我要反映').click();
  await page.getByLabel('标题').waitFor();
  await screenshot(page, 'portal-02-submit-empty');
  await page.getByText('投诉', { exact: true }).click();
  await page.getByLabel('标题').fill('小区门口井盖缺失');
  await page.getByLabel('具体内容').fill('望江路 18 号小区门口的井盖缺失两天了，晚上很危险，请尽快处理。');
  await page.getByLabel('发生地点').fill('望江路 18 号');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: '井盖.png', mimeType: 'image/png', buffer: PNG });
  await page
    .locator(
      '.ant-upload-list-item-done, .ant-upload-list-item-container .ant-upload-list-item:not(.ant-upload-list-item-uploading)',
    )
    .first()
    .waitFor();
  await page.getByLabel('您的称呼').fill('周先生');
  await page.getByLabel('手机号').fill(PHONE);
  await screenshot(page, 'portal-02-submit-form');
  await page
    .getByRole('button', { name: '提 交' })
    .or(page.getByRole('button', { name: '提交' }))
    .click();
  await page.getByText('您的诉求已受理').waitFor();
  const shown = await page.locator('.portal__number').innerText();
  const number = shown.replace(/\s/g, '');
  expect(number).toMatch(/^\d{12}$/);
  await screenshot(page, 'portal-03-submitted');

  // The centre and the unit handle it.
  const dispatcher = await staff('dispatcher');
  const found = await dispatcher(`/api/orders?state=pending_dispatch&limit=100`);
  const order = found.items.find((o: { number: string }) => o.number === number);
  expect(order.channel).toBe('website');
  const units = (await dispatcher('/api/units')).items as { id: number; name: string }[];
  const street = units.find((u) => u.name === '望江街道');
  await dispatcher(`/api/orders/${order.id}/dispatch`, { leadUnitId: street?.id });

  await trackOnPage(page, number);
  await page.getByText('已转交望江街道办理').waitFor();

  const handler = await staff('handler');
  await handler(`/api/orders/${order.id}/sign`, {});
  await handler(`/api/orders/${order.id}/reply`, {
    content: '已补装井盖并设置警示，已电话告知周先生。',
    contactedCitizen: true,
  });
  await (await staff('unitreviewer'))(`/api/orders/${order.id}/review/approve`, {});
  await (await staff('centrereviewer'))(`/api/orders/${order.id}/review/approve`, {});

  await trackOnPage(page, number);
  await page.getByText('已补装井盖并设置警示').waitFor();
  await page.getByText('请评价办理结果').waitFor();
  expect(await page.content()).not.toContain('赵磊'); // the handler's name never reaches citizens
  await screenshot(page, 'portal-04-answer-and-rating');

  await page.getByText('满意', { exact: true }).click();
  await page.getByText('已解决', { exact: true }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByText('已办结').first().waitFor();
  await screenshot(page, 'portal-05-closed');
  const closed = await dispatcher(`/api/orders/${order.id}`);
  expect(closed).toMatchObject({ state: 'closed', satisfaction: 'satisfied', resolved: true });
});

test('a wrong phone number finds nothing', { timeout: 60_000 }, async () => {
  const page = await context.newPage();
  await page.goto('/portal/track?number=261122000001');
  await page.getByLabel('手机号').fill('13900000000');
  await page
    .getByRole('button', { name: '查 询' })
    .or(page.getByRole('button', { name: '查询' }))
    .click();
  await page.getByText('未找到工单，请核对工单编号和手机号').waitFor();
});
