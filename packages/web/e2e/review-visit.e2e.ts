import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 10_000 };

async function newPage(): Promise<Page> {
  return (await newContext()).newPage();
}

interface OrderJson {
  id: number;
  number: string;
  state: string;
  redoCount: number;
  finalReply: boolean;
  satisfaction: string | null;
  resolved: boolean | null;
}

async function order(page: Page, id: number): Promise<OrderJson> {
  return (await page.request.get(`/api/orders/${id}`)).json();
}

/** Selects the queue row holding this order number (the queue is oldest first) and returns its id. */
async function pick(page: Page, number: string | null, panelId: string): Promise<number> {
  const rows = page.locator('.ant-table-tbody tr.ant-table-row:visible');
  await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
  const row = number ? rows.filter({ hasText: number }) : rows.first();
  await row.click();
  const panel = page.getByTestId(panelId);
  const link = panel.locator('a[href^="/orders/"]').first();
  await link.waitFor();
  if (number) await expect.poll(() => link.textContent(), POLL).toBe(number);
  return Number((await link.getAttribute('href'))?.split('/').pop());
}

describe('审核台 and 回访台', () => {
  test('a unit reviewer approves a reply; it moves on to centre review', async () => {
    const page = await newPage();
    await login(page, 'unitreviewer');
    await page.goto('/review');
    await page.locator('.ant-tabs-tab').first().waitFor();
    await expect
      .poll(() => page.locator('.ant-tabs-tab').allTextContents(), POLL)
      .toEqual([expect.stringMatching(/^待单位审核\d+$/)]);
    const id = await pick(page, null, 'review-panel');
    const panel = page.getByTestId('review-panel');
    await expect.poll(() => panel.getByTestId('reply-content').textContent(), POLL).not.toBe('');
    expect(await panel.getByTestId('review-checklist').textContent()).toContain('无空话套话');
    expect(await panel.getByTestId('request-view').textContent()).toContain('诉求人');
    // The automatic reply-review flags (or their all-clear) sit above the checklist.
    await expect.poll(() => panel.getByTestId('reply-check').textContent(), POLL).toContain('答复自动检查');
    await screenshot(page, 'review');

    await panel.getByRole('button', { name: /审核通过/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('单位审核通过');
    expect((await order(page, id)).state).toBe('centre_review');
  });

  test('a centre reviewer rejects a reply with a reason; it goes back to the unit', async () => {
    const page = await newPage();
    await login(page, 'centrereviewer');
    await page.goto('/review');
    const panel = page.getByTestId('review-panel');

    // A colleague approves the order on screen first: exactly one wins, the other is told in Chinese.
    const taken = await pick(page, null, 'review-panel');
    await panel.getByTestId('reply-view').waitFor();
    const colleague = await page.request.post(`/api/orders/${taken}/review/approve`, { data: {} });
    expect(colleague.ok()).toBe(true);
    await panel.getByRole('button', { name: /审核通过/ }).click();
    const conflict = panel.getByTestId('step-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('当前状态为「待回访」');
    await conflict.getByRole('button', { name: /刷\s*新/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('已被他人处理');
    await expect.poll(() => panel.count(), POLL).toBe(0);

    const id = await pick(page, null, 'review-panel');
    expect(id).not.toBe(taken);
    await panel.getByTestId('reply-view').waitFor();

    // 驳回 needs a reason.
    await panel.getByRole('button', { name: /驳\s*回/ }).click();
    await panel.getByText('驳回必须填写理由').waitFor();
    expect((await order(page, id)).state).toBe('centre_review');

    await panel
      .getByLabel('审核意见')
      .fill('答复未说明是否已联系诉求人，也未说明维修完成时间，请补充后重新答复。');
    await panel.getByRole('button', { name: /驳\s*回/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('重新办理');
    expect((await order(page, id)).state).toBe('handling');
    const timeline = await (await page.request.get(`/api/orders/${id}/timeline`)).json();
    const last = timeline.items.at(-1);
    expect(last.action).toBe('reject_review');
    expect(last.payload.reason).toContain('未说明是否已联系诉求人');
  });

  test('a visitor records 满意 + 已解决 (closed) and 不满意 (back to the unit for 重办)', async () => {
    const page = await newPage();
    await login(page, 'visitor');
    const queue = (await (
      await page.request.get('/api/orders?state=visit_pending&sort=deadline&limit=100')
    ).json()) as { items: OrderJson[] };
    const [happy, unhappy] = queue.items.filter((o) => !o.finalReply);
    if (!happy || !unhappy) throw new Error('the demo city needs two orders waiting on a visit');

    await page.goto('/visit');
    await pick(page, happy.number, 'visit-panel');
    const panel = page.getByTestId('visit-panel');
    await expect.poll(() => panel.getByTestId('visit-script').textContent(), POLL).toContain('12345');
    const choose = (text: string) =>
      panel.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${text}$`) }).click();
    await choose('满意');
    await choose('已解决');
    await panel.getByRole('button', { name: '提交回访并办结' }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('已办结');
    const closed = await order(page, happy.id);
    expect(closed.state).toBe('closed');
    expect(closed.satisfaction).toBe('satisfied');
    expect(closed.resolved).toBe(true);

    await pick(page, unhappy.number, 'visit-panel');
    // The full number only through the audited endpoint.
    await panel.getByRole('button', { name: /查看号码/ }).click();
    await expect
      .poll(() => panel.getByTestId('citizen-phone').textContent(), POLL)
      .toMatch(/^\+?[\d-]{5,20}$/);
    await choose('不满意');
    await choose('未解决');
    await expect.poll(() => panel.getByTestId('redo-warning').textContent(), POLL).toContain('自动转重办');
    await panel.getByLabel('回访记录').fill('诉求人表示问题仍未解决，希望承办单位再到现场查看。');
    // The picture: the desk as the visitor sees it, without the last toast.
    await expect.poll(() => page.locator('.ant-message-notice').count(), POLL).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'visit');
    await panel.getByRole('button', { name: '提交回访并转重办' }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain('重办');
    const redone = await order(page, unhappy.id);
    expect(redone.state).toBe('dispatched');
    expect(redone.redoCount).toBe(unhappy.redoCount + 1);
    expect(redone.satisfaction).toBe('dissatisfied');
  });

  test('a centre reviewer adds an empty phrase to a rule and sees it fire in 试一试', async () => {
    const page = await newPage();
    await login(page, 'centrereviewer');
    await page.goto('/review');
    await page.getByRole('tab', { name: '审核规则' }).click();
    const table = page.getByTestId('review-rule-table');
    const row = table.locator('.ant-table-row', { hasText: 'R05_EMPTY_PHRASE' });
    await expect.poll(() => row.textContent(), POLL).toContain('禁用空话套话');

    // Before the edit the phrase is nobody's: the reply sets off no empty-phrase rule.
    const trial = page.getByTestId('try-reply');
    await trial.getByLabel('诉求标题').fill('小区门口路灯不亮');
    await trial.getByLabel('诉求内容').fill('幸福小区南门的路灯坏了半个月，晚上出行很不方便，请尽快维修。');
    await trial.getByLabel('答复内容').fill('您好，研究后再说。');
    await trial.getByRole('button', { name: '检查答复' }).click();
    const result = page.getByTestId('try-result');
    await expect.poll(() => result.textContent(), POLL).toContain('触发');
    expect(await result.locator('[data-rule="R05_EMPTY_PHRASE"]').count()).toBe(0);

    // A code already taken is refused by the server, on the code field, in Chinese.
    await page.getByRole('button', { name: /新增规则/ }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('规则编码').fill('R05_EMPTY_PHRASE');
    await dialog.getByLabel('规则名称').fill('重复的规则');
    await dialog.getByLabel('空话套话').fill('另行研究');
    await page.keyboard.press('Enter');
    await dialog.getByLabel(/提示语/).fill('答复只有套话');
    await dialog.getByRole('button', { name: '保存规则' }).click();
    await dialog.getByText('规则编码 R05_EMPTY_PHRASE 已存在').waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(() => page.locator('.ant-modal:visible').count(), POLL).toBe(0);

    await row.getByRole('button', { name: /编辑/ }).click();
    await dialog.getByLabel('空话套话').fill('研究后再说');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '保存规则' }).click();
    await expect
      .poll(() => page.locator('.ant-message').textContent(), POLL)
      .toContain('已保存审核规则「禁用空话套话」');
    await expect.poll(() => row.textContent(), POLL).toContain('研究后再说');

    // Saving re-checks the same text: now the rule fires, with the phrase as its evidence.
    const flag = result.locator('[data-rule="R05_EMPTY_PHRASE"]');
    await expect.poll(() => flag.textContent(), POLL).toContain('研究后再说');
    expect(await flag.textContent()).toContain('驳回建议');
    await expect.poll(() => row.getByTestId('rule-fired').count(), POLL).toBe(1);
    await expect.poll(() => page.locator('.ant-message-notice').count(), POLL).toBe(0);
    await screenshot(page, 'review-rules');

    // Switched off, the rule no longer fires on the same text.
    await row.getByRole('switch').click();
    await expect
      .poll(() => page.locator('.ant-message').textContent(), POLL)
      .toContain('已停用审核规则「禁用空话套话」');
    await expect.poll(() => flag.count(), POLL).toBe(0);
    const saved = await (await page.request.get('/api/review-rules')).json();
    const r05 = saved.items.find((r: { code: string }) => r.code === 'R05_EMPTY_PHRASE');
    expect(r05.enabled).toBe(false);
    expect(r05.params.phrases).toContain('研究后再说');
    expect(r05.params.phrases).toContain('已转交');
  });
});
