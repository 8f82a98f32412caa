import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 20_000 };

async function newPage(): Promise<Page> {
  const page = await (await newContext()).newPage();
  // A step that cannot happen fails with its locator named, well within the test's own limit.
  page.setDefaultTimeout(30_000);
  return page;
}

/** Types into the focused antd Select / TreeSelect and takes the first match. */
async function pick(page: Page, text: string) {
  await page.keyboard.type(text);
  await page
    .locator('.ant-select-dropdown:visible')
    .locator('.ant-select-item-option, .ant-select-tree-treenode')
    .filter({ hasText: text })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
}

const message = (page: Page) => page.locator('.ant-message');

describe('系统管理', () => {
  test('the admin adds a unit and a handler in it, edits a time limit, a local holiday and an API key', async () => {
    const page = await newPage();
    await login(page, 'admin');
    await page.getByRole('menuitem', { name: /系统管理/ }).click();
    await page.getByRole('tab', { name: /承办单位/ }).waitFor();

    // 承办单位: find the street, add a community under it.
    await page.getByLabel('搜索单位').fill('望江街道');
    await page.locator('[data-unit="望江街道"]').click();
    const detail = page.getByTestId('unit-detail');
    await expect.poll(() => detail.textContent(), POLL).toContain('江滨区');
    await page.getByRole('button', { name: /新增下级单位/ }).click();
    const unitDialog = page.locator('.ant-modal:visible');
    await unitDialog.getByLabel('单位名称').fill('滨河新社区');
    await unitDialog.getByRole('button', { name: /新\s*增/ }).click();
    await expect.poll(() => message(page).textContent(), POLL).toContain('已新增「滨河新社区」');
    await page.getByLabel('搜索单位').fill('滨河');
    await page.locator('[data-unit="滨河新社区"]').waitFor();
    await expect.poll(() => detail.textContent(), POLL).toContain('临江市 / 江滨区 / 望江街道 / 滨河新社区');
    await page.getByLabel('搜索单位').fill('');
    await page.locator('[data-unit="滨河新社区"]').click();
    await screenshot(page, 'admin-units');
    // A street with active communities cannot be deactivated: the dialog says why.
    await page.getByLabel('搜索单位').fill('望江街道');
    await page.locator('[data-unit="望江街道"]').click();
    await detail.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await expect
      .poll(() => page.locator('.ant-modal-confirm-warning').textContent(), POLL)
      .toContain('在用的下级单位，请先停用下级单位');
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /知道了|确\s*定|OK/ })
      .click();
    await page.getByLabel('搜索单位').fill('');

    // 用户与角色: a handler in the new community.
    await page.getByRole('tab', { name: /用户与角色/ }).click();
    await page.getByRole('button', { name: /新增用户/ }).click();
    const userDialog = page.locator('.ant-modal:visible');
    await userDialog.getByLabel('登录账号').fill('binhe.handler');
    await userDialog.getByLabel('姓名').fill('钱进');
    await userDialog.getByLabel('初始密码').fill('binhe-2026-pass');
    await userDialog.getByLabel('角色').click();
    await pick(page, '承办人员');
    await page.keyboard.press('Escape');
    // Without a unit the form refuses: a handler must belong to one.
    await userDialog.getByRole('button', { name: /新\s*增/ }).click();
    await userDialog.getByText('承办人员和单位审核员必须选择所属单位').waitFor();
    await userDialog.getByLabel('所属单位').click();
    await pick(page, '滨河新社区');
    await userDialog.getByRole('button', { name: /新\s*增/ }).click();
    await expect.poll(() => message(page).textContent(), POLL).toContain('已新增用户 binhe.handler');
    await page.getByLabel('搜索用户').fill('滨河');
    const userRow = page.locator('.ant-table-row', { hasText: 'binhe.handler' });
    await expect.poll(() => userRow.textContent(), POLL).toContain('滨河新社区');
    expect(await userRow.textContent()).toContain('承办人员');
    expect(await page.locator('[data-testid="user-table"] .ant-table-row').count()).toBe(1);
    await page.getByLabel('搜索用户').fill('');
    await expect
      .poll(() => page.locator('[data-testid="user-table"] .ant-table-row').count(), POLL)
      .toBeGreaterThan(5);
    await screenshot(page, 'admin-users');

    // 事项分类: a sub-category under 物业管理.
    await page.getByRole('tab', { name: /事项分类/ }).click();
    await page.getByLabel('搜索分类').fill('物业管理');
    await page
      .locator('.ant-tree-title', { hasText: /^物业管理$/ })
      .first()
      .click();
    await page.getByRole('button', { name: /新增下级分类/ }).click();
    await page.locator('.ant-modal:visible').getByLabel('分类名称').fill('电梯停运');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /新\s*增/ })
      .click();
    await expect.poll(() => message(page).textContent(), POLL).toContain('已新增「电梯停运」');
    await expect.poll(() => page.getByText('/ 物业管理 / 电梯停运').count(), POLL).toBe(1);
    await screenshot(page, 'admin-categories');

    // 时限规则: 咨询 from 2 to 3 working days; the preview moves onto the 调休 Saturday 10-10.
    await page.getByRole('tab', { name: /时限规则/ }).click();
    await page
      .locator('.ant-table-row', { hasText: '咨询诉求' })
      .getByRole('button', { name: /编辑/ })
      .click();
    // Received the day before 国庆: 1–7 Oct off, Saturday 10 Oct a 调休 workday.
    const at = page.getByTestId('rule-preview').locator('.ant-picker input');
    await at.click();
    await at.fill('2026-09-30 10:00');
    await at.press('Enter');
    const handleDue = page.getByTestId('preview-handleLimit');
    await expect.poll(() => handleDue.textContent(), POLL).toContain('10-09');
    await page.getByLabel('办结时限数值').fill('3');
    await expect.poll(() => handleDue.textContent(), POLL).toContain('10-10');
    await expect.poll(() => page.getByTestId('rule-preview').textContent(), POLL).toContain('延后');
    expect(await page.getByTestId('preview-special-days').textContent()).toContain('国庆节调休');
    await screenshot(page, 'admin-rules');
    await page.getByRole('button', { name: /保存规则/ }).click();
    await expect.poll(() => message(page).textContent(), POLL).toContain('已保存时限规则「咨询诉求」');
    await expect
      .poll(() => page.locator('.ant-table-row', { hasText: '咨询诉求' }).textContent(), POLL)
      .toContain('3 个工作日');
    await screenshot(page, 'admin-rules-table');

    // 节假日与调休: October 2026 with 国庆 and its make-up Saturday; add a local day off.
    await expect.poll(() => page.locator('.ant-message-notice').count(), POLL).toBe(0);
    // In-app navigation (the router follows the address), no reload of the built app.
    await page.evaluate(() => {
      window.history.pushState({}, '', '/admin?tab=calendar&month=2026-10');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    const calendar = page.getByTestId('holiday-calendar');
    await expect.poll(() => calendar.textContent(), POLL).toContain('国庆节');
    expect(await page.locator('[data-day="2026-10-10"]').textContent()).toContain('班');
    await page.locator('[data-day="2026-10-15"]').click();
    const dayDialog = page.locator('.ant-modal:visible');
    await dayDialog.getByText('设为休息日').click();
    await dayDialog.getByLabel('原因').fill('防汛停工');
    await dayDialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(() => page.locator('[data-day="2026-10-15"]').textContent(), POLL)
      .toContain('休 · 防汛停工');
    await expect.poll(() => page.getByTestId('month-summary').textContent(), POLL).toContain('17 个工作日');
    await screenshot(page, 'admin-calendar');

    // 接入密钥: created, shown once, revoked.
    await page.getByRole('tab', { name: /接入密钥/ }).click();
    await page.getByRole('button', { name: /新建密钥/ }).click();
    const keyDialog = page.locator('.ant-modal:visible');
    await keyDialog.getByLabel('名称').fill('区政务小程序');
    await keyDialog.getByLabel('受理渠道').click();
    await pick(page, '微信小程序');
    await keyDialog.getByRole('button', { name: /创\s*建/ }).click();
    const secret = page.getByTestId('new-api-key');
    await expect.poll(() => secret.textContent(), POLL).toMatch(/^jsk_/);
    await page.getByText('密钥只显示这一次').waitFor();
    await screenshot(page, 'admin-api-key');
    await page.getByRole('button', { name: '我已妥善保存' }).click();
    const keyRow = page.locator('.ant-table-row', { hasText: '区政务小程序' });
    await expect.poll(() => keyRow.textContent(), POLL).toContain('使用中');
    await keyRow.getByRole('button', { name: /停\s*用/ }).click();
    await page.getByRole('button', { name: '确认停用' }).click();
    await expect.poll(() => keyRow.textContent(), POLL).toContain('已停用');
  }, 300_000);

  test('a handler has no 系统管理 menu and gets the designed 403 at /admin', async () => {
    const page = await newPage();
    await login(page, 'handler');
    await page.locator('.ant-menu').first().waitFor();
    expect(await page.locator('.ant-menu').first().textContent()).not.toContain('系统管理');
    await page.goto('/admin');
    await page.getByText('没有访问权限').waitFor();
    expect(await page.getByRole('button', { name: '返回首页' }).count()).toBe(1);
  });

  test('the admin changes the assessment weights; a red line above the yellow one is refused', async () => {
    const page = await newPage();
    await login(page, 'admin');
    await page.goto('/admin?tab=assessment');
    const form = page.getByTestId('assessment-form');
    const response = form.getByLabel('响应率权重');
    await expect.poll(() => response.inputValue(), POLL).toBe('30');
    await response.fill('40');
    await form.getByLabel('满意率权重').fill('25');
    // The explanation follows the form: the weights it names are the ones being set.
    await expect
      .poll(() => page.getByTestId('assessment-explainer').textContent(), POLL)
      .toContain('响应率 40、解决率 35、满意率 25');
    await form.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => message(page).textContent(), POLL).toContain('已保存考核设置');

    await page.reload();
    await expect.poll(() => form.getByLabel('响应率权重').inputValue(), POLL).toBe('40');
    expect(await form.getByLabel('解决率权重').inputValue()).toBe('35');
    expect(await form.getByLabel('满意率权重').inputValue()).toBe('25');
    expect(await form.getByLabel('红牌线：响应率低于').inputValue()).toBe('90');
    await screenshot(page, 'admin-assessment');

    // A red line above the yellow one: the form says so and nothing is saved.
    await form.getByLabel('红牌线：响应率低于').fill('99');
    await form.getByRole('button', { name: '保存设置' }).click();
    await form.getByText('红牌线不能高于黄牌线').waitFor();
    const saved = await (await page.request.get('/api/analytics/settings')).json();
    expect(saved.weights).toEqual({ response: 40, resolution: 35, satisfaction: 25 });
    expect(saved.red.response).toBe(0.9);
  });
});
