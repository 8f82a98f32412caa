import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, login, screenshot, useStaffBrowser } from './harness.ts';

interface OrderRow {
  id: number;
  number: string;
  handlingUnitId: number | null;
}
interface UnitRow {
  id: number;
  parentId: number | null;
}

const context = useStaffBrowser();

describe('staff app foundation', () => {
  test('a wrong password is shown on the login page with the server message', async () => {
    const page = await (await context()).newPage();
    await page.goto('/orders');
    await page.waitForURL(/\/login\?from=%2Forders/);
    await screenshot(page, '01-login');
    await page.getByLabel('用户名').fill('dispatcher');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await screenshot(page, '02-login-failed');
  });

  test('the dispatcher sees the order list, pages on, opens an order and its timeline', async () => {
    const page = await (await context()).newPage();
    await login(page, 'dispatcher');
    await page.waitForURL(/\/orders$/);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(20);
    expect(await page.getByTestId('current-user').textContent()).toBe('陈志强');
    // Menu follows permissions: a dispatcher has 受理台 and 派单台, not 承办工作台 or 系统管理.
    const menu = page.locator('.ant-layout-sider .ant-menu');
    await expect.poll(() => menu.textContent()).toContain('派单台');
    expect(await menu.textContent()).not.toContain('承办工作台');
    expect(await menu.textContent()).not.toContain('系统管理');
    await screenshot(page, '03-orders-dispatcher');

    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count()).toBe(40);

    // Filter by state: every row then carries that state's tag.
    await page.getByLabel('按状态筛选').click();
    await page.locator('.ant-select-dropdown').getByText('办理中', { exact: true }).click();
    await page.waitForURL(/state=handling/);
    await expect
      .poll(() =>
        page
          .locator('.ant-table-tbody [data-state]')
          .evaluateAll((tags) => tags.map((t) => t.getAttribute('data-state'))),
      )
      .toSatisfy(
        (states: unknown) =>
          Array.isArray(states) && states.length > 0 && states.every((s) => s === 'handling'),
      );
    await screenshot(page, '04-orders-filtered-handling');

    const first = rows.first().locator('td').first().getByRole('link');
    const number = await first.textContent();
    await first.click();
    await page.waitForURL(/\/orders\/\d+$/);
    await page.getByText(`工单 ${number}`).waitFor();
    const events = page.getByTestId('timeline-event');
    await expect.poll(() => events.count()).toBeGreaterThanOrEqual(3);
    const timeline = await page.getByTestId('order-timeline').textContent();
    expect(timeline).toContain('派单');
    expect(timeline).toContain('签收');
    // The phone is masked as the API returns it.
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toMatch(/1\d\d\*{4}\d{4}/);
    await screenshot(page, '05-order-detail');

    await page.locator('.ant-layout-sider').getByText('派单台').click();
    await page.waitForURL(/\/dispatch$/);
    await page.getByRole('tab', { name: '待派单' }).waitFor();
    await screenshot(page, '06-dispatch');
  });

  test("a handler cannot reach another unit's order by editing the URL", async () => {
    // Pick, as the dispatcher, an order handled by a unit outside the handler's subtree.
    const central = await context();
    const api = central.request;
    expect(
      (await api.post('/api/auth/login', { data: { username: 'dispatcher', password: DEMO_PASSWORD } })).ok(),
    ).toBe(true);
    const units: UnitRow[] = (await (await api.get('/api/units')).json()).items;
    const parents = new Map(units.map((u) => [u.id, u.parentId]));

    const page = await (await context()).newPage();
    await login(page, 'handler');
    await page.waitForURL(/\/orders$/);
    const me = await (await page.request.get('/api/auth/me')).json();
    const inHandlerSubtree = (unitId: number | null) => {
      for (let u = unitId; u !== null && u !== undefined; u = parents.get(u) ?? null) {
        if (u === me.unitId) return true;
      }
      return false;
    };
    const orders: OrderRow[] = (await (await api.get('/api/orders?state=handling&limit=100')).json()).items;
    const foreign = orders.find((o) => o.handlingUnitId !== null && !inHandlerSubtree(o.handlingUnitId));
    expect(foreign, 'the demo city has orders handled by other units').toBeDefined();
    if (!foreign) return;

    // The handler's own list holds only their unit's orders, and their menu is the unit's.
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-table-tbody').textContent()).not.toContain(foreign.number);
    const menu = await page.locator('.ant-layout-sider .ant-menu').textContent();
    expect(menu).toContain('承办工作台');
    expect(menu).not.toContain('派单台');
    await screenshot(page, '07-orders-handler');

    expect((await page.request.get(`/api/orders/${foreign.id}`)).status()).toBe(404);
    await page.goto(`/orders/${foreign.id}`);
    await page.getByText('工单不存在或无权查看').waitFor();
    expect(await page.locator('body').textContent()).not.toContain(foreign.number);
    await screenshot(page, '08-order-not-reachable');
  });
});
