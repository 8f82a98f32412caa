import { describe, expect, test } from 'vitest';
import { login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 10_000 };

describe('督办台', () => {
  test('the supervisor opens a case, escalates it and sends the unit a notice', {
    timeout: 180_000,
  }, async () => {
    const page = await (await newContext()).newPage();
    await login(page, 'supervisor');
    await page.goto('/supervise');

    // The demo city's engine run opened cases: the list shows levels and countdowns.
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await page.locator('.ant-table-tbody [data-level]').count()).toBeGreaterThan(0);

    // Pick an open case still at 重点督办 or below, so it can be escalated.
    const target = rows.filter({ has: page.locator('[data-status="open"]') }).first();
    await target.locator('.ant-typography a, a.ant-typography').first().click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByText('督办历史').waitFor();
    const levelBefore = await drawer.locator('[data-level]').first().getAttribute('data-level');

    // 升级督办 with a reason.
    await drawer.getByRole('button', { name: '升级督办' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByText('升级督办').waitFor();
    expect(await dialog.locator('.ant-select').textContent()).not.toBe('');
    await dialog.getByLabel('升级理由').fill('催办后仍未响应，升级督办');
    await dialog
      .getByRole('button', { name: '确 定' })
      .or(dialog.getByRole('button', { name: '确定' }))
      .click();
    await expect
      .poll(() => drawer.locator('[data-status]').first().getAttribute('data-status'), POLL)
      .toBe('escalated');
    expect(await drawer.locator('[data-level]').first().getAttribute('data-level')).not.toBe(levelBefore);
    await expect.poll(() => drawer.locator('.ant-timeline').textContent(), POLL).toContain('催办后仍未响应');

    // 发送通知 to the unit, by SMS too.
    await drawer.getByRole('button', { name: '发送通知' }).click();
    await dialog.getByText('发送督办通知').waitFor();
    await dialog.getByLabel('通知内容').fill('请于今日内办结并向督办组反馈办理结果。');
    await dialog.getByText('短信').click();
    await dialog
      .getByRole('button', { name: '确 定' })
      .or(dialog.getByRole('button', { name: '确定' }))
      .click();
    await expect.poll(() => drawer.textContent(), POLL).toContain('请于今日内办结并向督办组反馈办理结果。');
    expect(await drawer.textContent()).toContain('站内、短信');

    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'supervise');

    // The other tabs render their lists.
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-body').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '超期工单' }).click();
    await expect.poll(() => page.getByRole('tabpanel').textContent(), POLL).toContain('已超期');
    await page.getByRole('tab', { name: '督办规则' }).click();
    await expect.poll(() => page.getByRole('tabpanel').textContent(), POLL).toContain('重办后仍不满意');
  });
});
