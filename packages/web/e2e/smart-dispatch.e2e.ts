import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 15_000 };

async function newPage(): Promise<Page> {
  return (await newContext()).newPage();
}

describe('智能派单', () => {
  test('the call-taker sees likely duplicates while typing and links the new order to one', async () => {
    const page = await newPage();
    await login(page, 'calltaker');
    // An open demo order to repeat: its title and detail, typed again by another caller.
    const list = await (await page.request.get('/api/orders?state=pending_dispatch&limit=5')).json();
    const original = list.items[0] as { id: number; number: string; title: string; content: string };
    await page.goto('/intake');
    await page.getByLabel('来电号码').fill('13912345678');
    await page.getByLabel('事项分类').click();
    await page.keyboard.type('物业');
    await page
      .locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item')
      .filter({ hasText: '物业' })
      .first()
      .waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByLabel('标题').fill(original.title);
    await page.getByLabel('诉求内容').fill(original.content);
    const panel = page.getByTestId('duplicates-panel');
    await expect.poll(() => panel.textContent(), POLL).toContain(original.number);
    expect(await panel.textContent()).toContain('诉求内容相似');
    await screenshot(page, 'smart-dispatch-intake-duplicates');

    await page.getByRole('button', { name: '提交工单' }).click();
    await page.getByTestId('order-number').waitFor();
    const item = panel.locator('.ant-list-item', { hasText: original.number });
    await item.getByRole('button', { name: /同一事项/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('已关联为同一事项');
    await expect.poll(() => item.getByRole('button').textContent(), POLL).toContain('已关联');
  });

  test('the dispatcher sees ranked units with reasons and uses one with a click', async () => {
    const desk = await newPage();
    await login(desk, 'dispatcher');
    await desk.goto('/dispatch');
    const pending = desk.locator('[id$="-panel-pending"] .ant-table-tbody tr.ant-table-row');
    await expect.poll(() => pending.count(), POLL).toBeGreaterThan(0);
    await pending.first().click();
    const suggestions = desk.getByTestId('dispatch-suggestions');
    await expect.poll(() => suggestions.textContent(), POLL).toMatch(/派单目录|模型|属地/);
    const first = suggestions.getByTestId('suggestion-unit').first();
    const unit = (await first.textContent()) ?? '';
    expect(unit.length).toBeGreaterThan(1);
    await suggestions
      .getByRole('button', { name: /采\s*用/ })
      .first()
      .click();
    const panel = desk.getByTestId('dispatch-panel');
    await expect
      .poll(
        () =>
          panel
            .locator('.ant-select')
            .first()
            .evaluate((el) => el.textContent ?? ''),
        POLL,
      )
      .toContain(unit);
    await screenshot(desk, 'smart-dispatch-suggestions');
  });

  test('an admin keeps the 派单目录 and the auto-dispatch settings', async () => {
    const page = await newPage();
    await login(page, 'admin');
    await page.goto('/admin?tab=dispatch-catalogue');
    const tab = page.getByTestId('dispatch-catalogue');
    await expect.poll(() => tab.textContent(), POLL).toContain('联席会议');
    expect(await tab.textContent()).toContain('临江热力有限公司');
    expect(await tab.textContent()).toContain('主办单位模型 v1');
    await screenshot(page, 'smart-dispatch-catalogue');
  });
});
