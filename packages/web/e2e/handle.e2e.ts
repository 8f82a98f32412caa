import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 15_000 };

/** A site photo drawn in the browser (the server decides the type by content: real PNG bytes). */
async function sitePhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d');
    if (!g) return '';
    const sky = g.createLinearGradient(0, 0, 0, 480);
    sky.addColorStop(0, '#9cc3e6');
    sky.addColorStop(0.45, '#d9e6f2');
    sky.addColorStop(0.46, '#8a8f96');
    sky.addColorStop(1, '#5d6167');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#3b3f45';
    g.beginPath();
    g.ellipse(320, 340, 120, 48, 0, 0, Math.PI * 2);
    g.fill();
    g.strokeStyle = '#f5c542';
    g.lineWidth = 10;
    g.strokeRect(170, 270, 300, 140);
    g.fillStyle = '#ffffff';
    g.font = '28px sans-serif';
    g.fillText('望江路 18 号 · 新井盖已安装', 24, 460);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
}

async function apiAs(username: string): Promise<APIRequestContext> {
  const ctx = await newContext();
  const res = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return ctx.request;
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  expect(res.ok(), `${res.url()} → ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** New complaints, recorded by the call-taker and dispatched by the dispatcher to `unitName`. */
async function dispatchedOrders(unitName: string, titles: string[]) {
  const callTaker = await apiAs('calltaker');
  const dispatcher = await apiAs('dispatcher');
  const units = await json<{ items: { id: number; name: string }[] }>(await dispatcher.get('/api/units'));
  const unit = units.items.find((u) => u.name === unitName);
  if (!unit) throw new Error(`no unit ${unitName}`);
  const orders: { id: number; number: string; title: string }[] = [];
  for (const title of titles) {
    const created = await json<{ id: number; number: string }>(
      await callTaker.post('/api/orders', {
        data: {
          channel: 'phone',
          requestType: 'complaint',
          title,
          content: `${title}，请尽快处理。`,
          address: '望江路 18 号',
          citizenName: '王女士',
          citizenPhone: '13900005678',
        },
      }),
    );
    await json(
      await dispatcher.post(`/api/orders/${created.id}/dispatch`, { data: { leadUnitId: unit.id } }),
    );
    orders.push({ ...created, title });
  }
  return orders;
}

const panel = (page: Page) => page.getByTestId('handle-panel');

async function openFromQueue(page: Page, tab: string, orderId: number) {
  await page.getByTestId(`tab-${tab}`).click();
  const row = page.locator(`[data-testid="handle-queue"] tr[data-order-id="${orderId}"]`);
  await row.waitFor(POLL);
  // Keyboard: focus the row and open it with Enter.
  await row.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => panel(page).getAttribute('data-order-id'), POLL).toBe(String(orderId));
}

describe('承办工作台', () => {
  test('the street handler signs, replies with a photo, returns another order, and cannot open others’ orders', async () => {
    const [toReply, toReturn, toExtend] = await dispatchedOrders('望江街道', [
      '望江路人行道井盖缺失',
      '江月花园门前燃气管道异味',
      '滨江公园路灯整排不亮',
    ]);
    const [elsewhere] = await dispatchedOrders('市住房和城乡建设局', ['其他单位的物业维修基金投诉']);
    if (!toReply || !toReturn || !toExtend || !elsewhere) throw new Error('orders not created');

    const page = await (await newContext()).newPage();
    await login(page, 'handler');
    await page.goto('/handle');

    // 待签收 queue with counts on the tabs and live countdowns.
    await page.locator('[data-testid="handle-queue"] tr[data-order-id]').first().waitFor(POLL);
    await expect
      .poll(
        async () => Number(await page.getByTestId('tab-sign').locator('sup[title]').getAttribute('title')),
        POLL,
      )
      .toBeGreaterThanOrEqual(3);
    const firstRow = page.locator('[data-testid="handle-queue"] tr[data-order-id]').first();
    expect(await firstRow.textContent()).toMatch(/签收(剩|超期)/);

    await openFromQueue(page, 'sign', toReply.id);
    expect(await page.getByTestId('order-clocks').textContent()).toContain('退单');
    await screenshot(page, 'handle-queue');

    // 签收 → the order moves to 办理中 and stays selected, with the reply form.
    await panel(page)
      .getByRole('button', { name: /签\s?收/ })
      .click();
    await expect.poll(() => panel(page).getAttribute('data-state'), POLL).toBe('handling');
    await expect.poll(() => page.url()).toContain('tab=handling');
    const reply = page.getByTestId('reply-form');
    await reply.waitFor(POLL);
    await reply
      .getByLabel('答复内容')
      .fill(
        '经现场核查，井盖被施工车辆压碎，已协调市政维护单位于当日更换新井盖，并设置警示标志。已电话告知诉求人。',
      );
    await reply.getByText('已联系诉求人').click();
    await reply
      .getByTestId('reply-photos')
      .locator('input[type=file]')
      .setInputFiles({
        name: '现场照片.png',
        mimeType: 'image/png',
        buffer: await sitePhoto(page),
      });
    await reply.locator('[data-testid="reply-photos"] .ant-upload-list-item-done').waitFor(POLL);
    // A file the server refuses by its content shows the server's verdict under the button.
    await reply
      .getByTestId('reply-files')
      .locator('input[type=file]')
      .setInputFiles({
        name: '说明.png',
        mimeType: 'image/png',
        buffer: Buffer.from('这不是图片'),
      });
    await expect
      .poll(() => reply.getByTestId('reply-files').getByRole('alert').textContent(), POLL)
      .toContain('不支持的文件类型');
    // The 办理中 queue now holds the signed order.
    await page.locator(`[data-testid="handle-queue"] tr[data-order-id="${toReply.id}"]`).waitFor(POLL);
    // Scroll the side panel (it scrolls on its own beside the queue) to the top of the reply form.
    await page.evaluate(() => {
      const side = document.querySelector('[data-testid="handle-side"] .ant-card-body');
      const form = document.querySelector('[data-testid="reply-form"]');
      if (side && form)
        side.scrollTop += form.getBoundingClientRect().top - side.getBoundingClientRect().top - 8;
    });
    await screenshot(page, 'handle-reply');

    await reply.getByRole('button', { name: '提交答复' }).click();
    const handler = page.request;
    await expect
      .poll(
        async () => (await json<{ state: string }>(await handler.get(`/api/orders/${toReply.id}`))).state,
        POLL,
      )
      .toBe('unit_review');
    const events = await json<{ items: { action: string; payload: Record<string, unknown> }[] }>(
      await handler.get(`/api/orders/${toReply.id}/timeline`),
    );
    const replied = events.items.find((e) => e.action === 'reply');
    expect(replied?.payload.contactedCitizen).toBe(true);
    expect(replied?.payload.attachmentIds).toHaveLength(1);

    // 退单 on another order, inside the window shown on the form.
    await openFromQueue(page, 'sign', toReturn.id);
    // 下派 offers only units below the street (its communities and grids), never the street itself.
    await panel(page).getByRole('tab', { name: '下派' }).click();
    await page.getByTestId('delegate-form').locator('.ant-select').click();
    const options = page.locator(
      '.ant-select-dropdown:visible .ant-select-tree-treenode:not([aria-hidden="true"])',
    );
    await options.filter({ hasText: '望江社区' }).first().waitFor(POLL);
    const offered = await options.allTextContents();
    expect(offered.some((t) => t.includes('望江社区'))).toBe(true);
    expect(offered.every((t) => !t.startsWith('望江街道'))).toBe(true);
    await page.keyboard.press('Escape');
    await panel(page).getByRole('tab', { name: '退单' }).click();
    const returnForm = page.getByTestId('return-form');
    expect(await returnForm.getByTestId('return-window').textContent()).toMatch(/退单时限 .*剩/);
    await returnForm.getByRole('button', { name: '申请退单' }).click();
    await returnForm.getByText('请填写退单理由').waitFor();
    await returnForm
      .getByLabel('退单理由')
      .fill('燃气管道由市燃气公司管养，不属于街道职责，请改派燃气公司。');
    await screenshot(page, 'handle-return');
    await returnForm.getByRole('button', { name: '申请退单' }).click();
    await expect
      .poll(
        async () => (await json<{ state: string }>(await handler.get(`/api/orders/${toReturn.id}`))).state,
        POLL,
      )
      .toBe('return_requested');

    // 409: someone signs the third order while it is open here; the page says so and refreshes.
    await openFromQueue(page, 'sign', toExtend.id);
    await json(await handler.post(`/api/orders/${toExtend.id}/sign`, { data: {} }));
    await panel(page)
      .getByRole('button', { name: /签\s?收/ })
      .click();
    const conflict = page.getByTestId('step-conflict');
    await conflict.waitFor(POLL);
    expect(await conflict.textContent()).toContain('工单已被他人处理或更新');
    await conflict.getByRole('button', { name: /刷\s?新/ }).click();
    await expect.poll(() => panel(page).getAttribute('data-state'), POLL).toBe('handling');

    // 申请延期 on that order, now being handled.
    await panel(page).getByRole('tab', { name: '申请延期' }).click();
    const extension = page.getByTestId('extension-form');
    await extension.getByLabel('延期理由').fill('需协调供电公司更换整段电缆，预计 3 个工作日。');
    await screenshot(page, 'handle-extension');
    await extension.getByRole('button', { name: '提交延期申请' }).click();
    await expect
      .poll(async () => {
        const t = await json<{ items: { action: string }[] }>(
          await handler.get(`/api/orders/${toExtend.id}/timeline`),
        );
        return t.items.some((e) => e.action === 'request_extension');
      }, POLL)
      .toBe(true);

    // Editing the URL to another unit's order: the designed not-found page, and none of its data.
    await page.goto(`/orders/${elsewhere.id}`);
    await page.getByText('工单不存在或无权查看').waitFor(POLL);
    expect(await page.locator('body').textContent()).not.toContain(elsewhere.title);
    expect(await page.locator('body').textContent()).not.toContain(elsewhere.number);
    await page.goto(`/handle?order=${elsewhere.id}`);
    await panel(page).or(page.getByText('工单不存在或无权查看')).first().waitFor(POLL);
    expect(await page.getByText('工单不存在或无权查看').count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain(elsewhere.title);
  }, 180_000); // one handler's working session, step by step, on 2 shared cores
});
