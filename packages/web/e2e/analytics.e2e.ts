import { describe, expect, test } from 'vitest';
import { login, screenshot, useStaffBrowser } from './harness.ts';

const newContext = useStaffBrowser();
const POLL = { timeout: 15_000 };

describe('领导驾驶舱', () => {
  test('a leader sees the month: measures, trend with last year, mix, hotspot map, ranking and overdue orders', async () => {
    const page = await (await newContext()).newPage();
    await login(page, 'leader');
    await page.goto('/analytics');

    const kpis = page.locator('.analytics-kpis');
    await expect.poll(() => kpis.textContent(), POLL).toContain('响应率');
    // The demo city's month is rolled up at seeding: the KPIs are not empty.
    await expect
      .poll(
        async () =>
          Number((await kpis.locator('.ant-statistic-content').first().textContent())?.replace(/,/g, '')),
        POLL,
      )
      .toBeGreaterThan(0);
    expect(await kpis.textContent()).toMatch(/满意率\d+\.\d%/);

    // Charts are drawn on canvases (ECharts), one per chart, the map included.
    for (const label of ['诉求量趋势', '诉求类型构成', '事项分类构成', '热点地图']) {
      await expect.poll(() => page.getByRole('img', { name: label }).locator('canvas').count(), POLL).toBe(1);
    }
    await page.getByText('按月', { exact: true }).click();
    await expect
      .poll(() => page.getByRole('img', { name: '诉求量趋势' }).locator('canvas').count(), POLL)
      .toBe(1);

    // Ranking of districts with scores; the export is the month's workbook.
    const ranking = page.locator('.ant-card').filter({ hasText: '单位考核排名' });
    await expect.poll(() => ranking.locator('tbody tr.ant-table-row').count(), POLL).toBeGreaterThan(0);
    expect(await ranking.textContent()).toContain('得分 = 响应率×30 + 解决率×35 + 满意率×35');
    const href = await page.getByRole('link', { name: /导出考核表/ }).getAttribute('href');
    expect(href).toMatch(/^\/api\/analytics\/assessment\.xlsx\?month=\d{4}-\d{2}$/);
    const xlsx = await page.request.get(href ?? '');
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    const overdue = page.locator('.ant-card').filter({ hasText: '超期工单' });
    await overdue.locator('.ant-table').waitFor();
    await page.getByText('按日', { exact: true }).click();
    await screenshot(page, 'analytics');
    // The lower half: hotspot map, ranking with cards, overdue orders.
    await ranking.scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-ranking');
  });

  test('a leader opens the printable monthly report with its 每月一题 candidates', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'leader');
    await page.goto('/analytics');
    const card = page.locator('.analytics-report');
    await card.getByText('月分析', { exact: true }).click();
    const open = card.getByRole('link', { name: /打开打印版/ });
    expect(await open.getAttribute('href')).toMatch(
      /^\/api\/analytics\/reports\/monthly\?period=\d{4}-\d{2}&format=html$/,
    );
    const [report] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await report.waitForLoadState();
    await expect.poll(() => report.title(), POLL).toMatch(/12345热线\d{4}年\d{1,2}月运行分析$/);
    const issue = report.locator('#monthly-issue');
    expect(await issue.textContent()).toContain('每月一题');
    expect(await report.locator('section h2').allTextContents()).toEqual(
      expect.arrayContaining(['一、总体情况', '四、单位考核排名']),
    );
    await screenshot(report, 'report-monthly');
    await report.locator('#ranking').scrollIntoViewIfNeeded();
    await screenshot(report, 'report-monthly-ranking');
    await issue.scrollIntoViewIfNeeded();
    await screenshot(report, 'report-monthly-issue');
  });
});
