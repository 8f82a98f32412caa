import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { login, screenshot, searchAndPick, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();

async function newPage(): Promise<Page> {
  return (await newContext()).newPage();
}

const POLL = { timeout: 10_000 };

/** The value an antd Select / Cascader / TreeSelect shows (its placeholder does not count). */
function shownValue(select: ReturnType<Page['locator']>) {
  return select.evaluate((el) =>
    [...el.querySelectorAll('.ant-select-content-has-value, .ant-select-content-item')]
      .map((e) => e.textContent)
      .join('|'),
  );
}

describe('受理台 and 派单台', () => {
  test('a call-taker records a complaint from the keyboard; the dispatcher dispatches it', async () => {
    const page = await newPage();
    await login(page, 'calltaker');
    await page.goto('/intake');

    // The phone field has the focus: type the caller's number, Enter loads the caller profile.
    const phone = page.getByLabel('来电号码');
    await phone.waitFor();
    await expect.poll(() => phone.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('13800000001');
    await page.keyboard.press('Enter');
    const profile = page.getByTestId('caller-profile');
    await expect.poll(() => profile.textContent(), POLL).toContain('累计诉求');
    expect(await profile.textContent()).toContain('最近诉求');
    expect(await profile.locator('a[href^="/orders/"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('knowledge-slot').textContent()).toContain('录入标题和诉求内容后');

    // 建议 from the caller's history: 「采用」 fills 事项分类 and leaves the focus in the phone field.
    // antd spaces out a two-character button label (采 用).
    const adopt = { name: /^采\s?用$/ };
    await expect.poll(() => profile.getByTestId('caller-suggestions').textContent(), POLL).toMatch(/分类/);
    const suggested = profile.getByTestId('suggested-category').first();
    await suggested.getByRole('button', adopt).waitFor(POLL);
    const path = (await suggested.locator('.ant-typography').first().textContent()) ?? '';
    expect(await suggested.textContent()).toMatch(/该来电人/);
    await suggested.getByRole('button', adopt).click();
    const form0 = page.locator('form#intake');
    await expect.poll(() => shownValue(form0.locator('.ant-cascader').first()), POLL).toBe(path);
    expect(await suggested.getByRole('button', { name: '已采用' }).isDisabled()).toBe(true);
    expect(await phone.evaluate((el) => el === document.activeElement)).toBe(true);

    // The rest of the form, Tab by Tab.
    await page.keyboard.press('Tab');
    await page.keyboard.type('王建国');
    await page.keyboard.press('Tab'); // 受理渠道 stays 电话
    await page.keyboard.press('Tab'); // 诉求类型: 咨询 → 求助 → 投诉
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab'); // 紧急程度 stays 一般
    await page.keyboard.press('Tab'); // 事项分类
    await searchAndPick(page, '物业');
    await page.keyboard.press('Tab'); // 所属区域
    await searchAndPick(page, '望江社区');
    await page.keyboard.press('Tab');
    await page.keyboard.type('望江路18号江月花园3栋');
    await page.keyboard.press('Tab');
    await page.keyboard.type('小区电梯停运三天无人维修');
    await page.keyboard.press('Tab');
    await page.keyboard.type('江月花园3栋电梯自周一起停运，物业称等配件，老人上下楼困难，请督促尽快修复。');

    const form = page.locator('form#intake');
    expect(await form.locator('.ant-radio-button-wrapper-checked').allTextContents()).toEqual([
      '投诉',
      '一般',
    ]);
    expect(await shownValue(form.locator('.ant-cascader').first())).toContain('物业');
    expect(await shownValue(form.locator('.ant-cascader').nth(1))).toBe('江滨区 / 望江街道 / 望江社区');
    await screenshot(page, '09-intake-profile');
    await profile.getByTestId('caller-suggestions').scrollIntoViewIfNeeded();
    await screenshot(page, 'intake-suggestions');

    // Ctrl+Enter submits; the number is shown large and split for reading aloud.
    await page.getByLabel('诉求内容').focus();
    await page.keyboard.press('Control+Enter');
    const numberBox = page.getByTestId('order-number');
    await numberBox.waitFor();
    const spaced = (await numberBox.textContent())?.trim() ?? '';
    expect(spaced).toMatch(/^\d{6} \d{6}$/);
    const number = spaced.replace(' ', '');
    await screenshot(page, '10-intake-created');

    await page.getByRole('button', { name: /转派单/ }).click();
    const link = page.getByRole('link', { name: /查看工单/ });
    await link.waitFor();
    const orderPath = await link.getAttribute('href');
    expect(orderPath).toMatch(/^\/orders\/\d+$/);

    // The dispatcher finds it in the 待派单 queue, most pressing deadline first.
    const desk = await newPage();
    await login(desk, 'dispatcher');
    await desk.goto('/dispatch');
    const row = desk.locator('.ant-table-tbody tr.ant-table-row', { hasText: number });
    for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
      const more = desk.getByRole('button', { name: '加载更多' });
      await desk.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      if (await row.isVisible()) break;
      if (!(await more.isVisible())) break;
      await more.click();
      await desk.waitForLoadState('networkidle');
    }
    await row.click();
    const panel = desk.getByTestId('dispatch-panel');
    await expect.poll(() => panel.textContent(), POLL).toContain('江月花园3栋电梯');

    // 主办: a street; 协办: a city department — both searched in the unit tree.
    await desk.getByLabel('主办单位').click();
    await searchAndPick(desk, '望江街道', true);
    await expect.poll(() => shownValue(panel.locator('.ant-select').first()), POLL).toBe('望江街道');
    await desk.getByLabel('协办单位（可多选）').click();
    await searchAndPick(desk, '住房和城乡建设局', true);
    await desk.keyboard.press('Escape');
    await expect
      .poll(() => shownValue(panel.locator('.ant-select').nth(1)), POLL)
      .toContain('市住房和城乡建设局');
    await screenshot(desk, '11-dispatch-pending');

    // Ctrl+Enter dispatches, as the form's 派单 button does.
    await desk.getByLabel('协办单位（可多选）').focus();
    await desk.keyboard.press('Control+Enter');
    await expect.poll(() => desk.locator('.ant-message').textContent(), POLL).toContain('已派给望江街道');
    await expect.poll(() => row.count(), POLL).toBe(0);

    await desk.goto(orderPath ?? '/orders');
    await desk.getByText(`工单 ${number}`).waitFor();
    await expect.poll(() => desk.locator('[data-state]').first().textContent(), POLL).toBe('待签收');
    const details = await desk.locator('.ant-descriptions').textContent();
    expect(details).toContain('望江街道');
    expect(details).toContain('住房和城乡建设局');
  });

  test('a double-clicked consultation is one order, answered directly from the desk', async () => {
    const page = await newPage();
    await login(page, 'calltaker');
    await page.goto('/intake');
    await page.getByLabel('来电号码').fill('13900001234');
    await page.getByLabel('来电号码').press('Enter');
    await expect.poll(() => page.getByTestId('caller-profile').textContent(), POLL).toContain('首次来电');
    await page.getByLabel('事项分类').click();
    await searchAndPick(page, '物业');
    await page.getByLabel('标题').fill('咨询物业费收费标准');
    await page.getByLabel('诉求内容').fill('想了解普通住宅物业服务费的政府指导价标准。');
    await page.getByRole('button', { name: '提交工单' }).dblclick();
    await page.getByTestId('order-number').waitFor();

    // 直接答复 has the focus for a consultation: Enter opens the answer, Ctrl+Enter sends it.
    await page.keyboard.press('Enter');
    await page.getByLabel('答复内容').waitFor();
    await page.keyboard.type('普通住宅物业服务费实行政府指导价，具体标准可在市发改委网站查询。');
    await page.keyboard.press('Control+Enter');
    await page.getByText('已直接答复，工单办结').waitFor();
    await expect
      .poll(() => page.getByTestId('created-order').locator('[data-state]').textContent(), POLL)
      .toBe('已办结');

    const mine = await (await page.request.get('/api/orders?citizenPhone=13900001234')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].state).toBe('closed');
  });

  test('the dispatcher sees a return with its reason and compares duplicates side by side', async () => {
    const desk = await newPage();
    await login(desk, 'dispatcher');
    await desk.goto('/dispatch?tab=returns');
    const rows = desk.locator('[id$="-panel-returns"] .ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
    await rows.first().click();
    const reason = desk.getByTestId('return-reason');
    await expect.poll(() => reason.textContent(), POLL).toMatch(/^退单理由：(?!（未找到)/);
    // Rejecting a return needs a reason.
    await desk.getByRole('button', { name: /驳回退单/ }).click();
    await desk.getByText('驳回退单必须填写理由').waitFor();
    await screenshot(desk, '12-dispatch-returns');

    await desk.getByRole('tab', { name: '待派单' }).click();
    const pending = desk.locator('[id$="-panel-pending"] .ant-table-tbody tr.ant-table-row');
    await expect.poll(() => pending.count(), POLL).toBeGreaterThan(1);
    await pending.first().click();
    await desk.getByRole('button', { name: /合并到其他工单/ }).click();
    const modal = desk.locator('.ant-modal');
    await modal.waitFor();
    await desk.getByLabel('合并到的工单').click();
    const option = desk.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await option.waitFor();
    const target = (await option.textContent())?.split(' ')[0] ?? '';
    expect(target).toMatch(/^\d{12}$/);
    await option.click();
    await expect.poll(() => modal.textContent(), POLL).toContain('并入目标工单');
    expect(await modal.getByRole('link', { name: target }).count()).toBe(1);
    await screenshot(desk, '13-dispatch-merge');
  });
});
