import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
 * 接诉即办 from end to end, every step in its workbench as the role that owns it: a complaint from the
 * citizens' portal and one from the call-taker desk go through dispatch, sign, reply, unit review,
 * centre review and the visit to 已办结; another is returned and reassigned, then redone after a
 * dissatisfied visit. The API is read only to check the state each step left behind.
 */
let server: JiesuServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages = new Map<string, Page>();

beforeAll(async () => {
  buildWebIfStale();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const POLL = { timeout: 15_000 };

/** One logged-in desktop page per role, kept for the whole file as each person keeps their desk open. */
async function deskOf(username: string): Promise<Page> {
  const known = pages.get(username);
  if (known) return known;
  const context = await newStaffContext(browser, server.baseUrl);
  contexts.push(context);
  const page = await context.newPage();
  await login(page, username);
  pages.set(username, page);
  return page;
}

interface OrderJson {
  id: number;
  number: string;
  state: string;
  redoCount: number;
  leadUnitId: number | null;
  satisfaction: string | null;
  resolved: boolean | null;
}

async function orderState(page: Page, id: number): Promise<OrderJson> {
  const res = await page.request.get(`/api/orders/${id}`);
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as OrderJson;
}

async function waitForState(page: Page, id: number, state: string) {
  await expect.poll(async () => (await orderState(page, id)).state, POLL).toBe(state);
}

/** The queue row of an order in the visible tab, pressing 加载更多 (queues are oldest first). */
async function queueRow(page: Page, number: string): Promise<Locator> {
  const rows = page.locator('.ant-table-tbody tr.ant-table-row:visible');
  await rows.first().waitFor(POLL);
  const row = rows.filter({ hasText: number });
  const more = page.locator('button:visible', { hasText: '加载更多' });
  for (let i = 0; i < 60 && (await row.count()) === 0; i++) {
    if ((await more.count()) === 0) {
      await page.waitForTimeout(250);
      continue;
    }
    await more.first().click();
    await page.waitForLoadState('networkidle');
  }
  await row.first().waitFor(POLL);
  return row.first();
}

/** 市民门户: look an order up by its number and the phone it was filed with. */
async function track(page: Page, number: string, phone: string) {
  await page.goto(`/portal/track?number=${number}`);
  await page.getByLabel('手机号').fill(phone);
  await page
    .getByRole('button', { name: '查 询' })
    .or(page.getByRole('button', { name: '查询' }))
    .click();
  await page.getByText(`工单 ${number.slice(0, 6)} ${number.slice(6)}`).waitFor(POLL);
}

async function toast(page: Page, text: string) {
  await expect.poll(() => page.locator('.ant-message').textContent(), POLL).toContain(text);
}

/** 派单台: the dispatcher gives the order to `unit` as 主办. */
async function dispatch(number: string, unit: string, shot?: string) {
  const page = await deskOf('dispatcher');
  await page.goto('/dispatch');
  await (await queueRow(page, number)).click();
  const panel = page.getByTestId('dispatch-panel');
  await expect.poll(() => panel.textContent(), POLL).toContain(number);
  await page.getByLabel('主办单位').click();
  await searchAndPick(page, unit, true);
  await page.keyboard.press('Escape');
  if (shot) await screenshot(page, shot);
  await page.getByLabel('主办单位').focus();
  await page.keyboard.press('Control+Enter');
  await toast(page, `已派给${unit}`);
}

/** 承办工作台: sign the order, then reply to it (with the citizen contacted). */
async function signAndReply(handler: string, id: number, reply: string, shot?: string) {
  const page = await deskOf(handler);
  await page.goto(`/handle?order=${id}`);
  const panel = page.getByTestId('handle-panel');
  await expect.poll(() => panel.getAttribute('data-order-id'), POLL).toBe(String(id));
  await panel.getByRole('button', { name: /签\s?收/ }).click();
  await expect.poll(() => panel.getAttribute('data-state'), POLL).toBe('handling');
  const form = page.getByTestId('reply-form');
  await form.waitFor(POLL);
  await form.getByLabel('答复内容').fill(reply);
  await form.getByText('已联系诉求人').click();
  if (shot) await screenshot(page, shot);
  await form.getByRole('button', { name: '提交答复' }).click();
  await waitForState(page, id, 'unit_review');
}

/** 审核台: approve at the reviewer's level; the order moves on to `next`. */
async function approve(reviewer: string, id: number, number: string, next: string, shot?: string) {
  const page = await deskOf(reviewer);
  await page.goto('/review');
  await (await queueRow(page, number)).click();
  const panel = page.getByTestId('review-panel');
  await expect.poll(() => panel.locator('a[href^="/orders/"]').first().textContent(), POLL).toBe(number);
  await expect.poll(() => panel.getByTestId('reply-content').textContent(), POLL).not.toBe('');
  if (shot) await screenshot(page, shot);
  await panel.getByRole('button', { name: /审核通过/ }).click();
  await waitForState(page, id, next);
}

/** 回访台: record the citizen's verdict; 满意 + 已解决 closes, 不满意 sends it back for 重办. */
async function visit(id: number, number: string, happy: boolean, shot?: string) {
  const page = await deskOf('visitor');
  await page.goto('/visit');
  await (await queueRow(page, number)).click();
  const panel = page.getByTestId('visit-panel');
  await expect.poll(() => panel.locator('a[href^="/orders/"]').first().textContent(), POLL).toBe(number);
  await expect.poll(() => panel.getByTestId('visit-script').textContent(), POLL).toContain('12345');
  const choose = (text: string) =>
    panel.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${text}$`) }).click();
  if (happy) {
    await choose('满意');
    await choose('已解决');
    if (shot) await screenshot(page, shot);
    await panel.getByRole('button', { name: '提交回访并办结' }).click();
    await waitForState(page, id, 'closed');
  } else {
    await choose('不满意');
    await choose('未解决');
    await panel.getByLabel('回访记录').fill('诉求人表示问题仍未解决，希望承办单位再到现场查看。');
    if (shot) await screenshot(page, shot);
    await panel.getByRole('button', { name: '提交回访并转重办' }).click();
    await waitForState(page, id, 'dispatched');
  }
}

/** The order's id, found by the caller's phone as the dispatcher (who reads every order) would. */
async function idOf(number: string, phone: string): Promise<number> {
  const page = await deskOf('dispatcher');
  const res = await page.request.get(`/api/orders?citizenPhone=${phone}&limit=5`);
  const found = ((await res.json()) as { items: OrderJson[] }).items.find((o) => o.number === number);
  if (!found) throw new Error(`order ${number} not found`);
  return found.id;
}

describe('接诉即办全流程', () => {
  test('a complaint from the portal and one from the call-taker desk go through to 已办结', async () => {
    // 市民门户, on a phone.
    const phoneContext = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(phoneContext);
    const citizen = await phoneContext.newPage();
    await citizen.goto('/portal');
    await citizen.getByText('我要反映').click();
    await citizen.getByText('投诉', { exact: true }).click();
    await citizen.getByLabel('标题').fill('江月花园东门外路面塌陷');
    await citizen
      .getByLabel('具体内容')
      .fill('江月花园东门外人行道路面塌陷一个大坑，已经一周了，老人孩子经过很危险。');
    await citizen.getByLabel('发生地点').fill('望江路 18 号江月花园东门');
    await citizen.getByLabel('您的称呼').fill('陈女士');
    await citizen.getByLabel('手机号').fill('13600001111');
    await citizen
      .getByRole('button', { name: '提 交' })
      .or(citizen.getByRole('button', { name: '提交' }))
      .click();
    await citizen.getByText('您的诉求已受理').waitFor();
    const portalNumber = (await citizen.locator('.portal__number').innerText()).replace(/\s/g, '');
    expect(portalNumber).toMatch(/^\d{12}$/);
    await screenshot(citizen, 'flow-01-portal-submitted');

    // 受理台: the call-taker records a complaint from a call.
    const desk = await deskOf('calltaker');
    await desk.goto('/intake');
    await desk.getByLabel('来电号码').fill('13700002222');
    await desk.getByLabel('来电号码').press('Enter');
    await expect.poll(() => desk.getByTestId('caller-profile').textContent(), POLL).toContain('首次来电');
    await desk.getByLabel('诉求人姓名').fill('李先生');
    await desk.locator('form#intake label.ant-radio-button-wrapper', { hasText: /^投诉$/ }).click();
    await desk.getByLabel('事项分类').click();
    await searchAndPick(desk, '物业');
    await desk.getByLabel('所属区域').click();
    await searchAndPick(desk, '望江社区');
    await desk.getByLabel('地址').fill('望江路 18 号江月花园 5 栋');
    await desk.getByLabel('标题').fill('江月花园5栋楼道灯长期不亮');
    await desk
      .getByLabel('诉求内容')
      .fill('江月花园5栋楼道灯坏了一个月，多次找物业没人修，晚上上下楼看不见。');
    await screenshot(desk, 'flow-02-intake');
    await desk.getByRole('button', { name: '提交工单' }).click();
    const deskNumber = ((await desk.getByTestId('order-number').textContent()) ?? '').replace(/\s/g, '');
    expect(deskNumber).toMatch(/^\d{12}$/);
    await desk.getByRole('button', { name: /转派单/ }).click();
    await desk.getByRole('link', { name: /查看工单/ }).waitFor();

    const orders = [
      { number: portalNumber, id: await idOf(portalNumber, '13600001111') },
      { number: deskNumber, id: await idOf(deskNumber, '13700002222') },
    ];
    const dispatcher = await deskOf('dispatcher');
    for (const o of orders) expect((await orderState(dispatcher, o.id)).state).toBe('pending_dispatch');

    for (const [i, o] of orders.entries()) {
      await dispatch(o.number, '望江街道', i === 0 ? 'flow-03-dispatch' : undefined);
      await waitForState(dispatcher, o.id, 'dispatched');
    }

    // The citizen sees in plain words who handles it.
    await track(citizen, portalNumber, '13600001111');
    await citizen.getByText('已转交望江街道办理').waitFor(POLL);

    for (const [i, o] of orders.entries()) {
      await signAndReply(
        'handler',
        o.id,
        '经现场核查，已安排维修人员当日处理完毕，并已电话告知诉求人处理结果，诉求人表示认可。',
        i === 0 ? 'flow-04-handle' : undefined,
      );
    }
    for (const [i, o] of orders.entries())
      await approve(
        'unitreviewer',
        o.id,
        o.number,
        'centre_review',
        i === 0 ? 'flow-05-unit-review' : undefined,
      );
    for (const [i, o] of orders.entries())
      await approve(
        'centrereviewer',
        o.id,
        o.number,
        'visit_pending',
        i === 0 ? 'flow-06-centre-review' : undefined,
      );
    for (const [i, o] of orders.entries())
      await visit(o.id, o.number, true, i === 0 ? 'flow-07-visit' : undefined);

    for (const o of orders) {
      const closed = await orderState(dispatcher, o.id);
      expect(closed).toMatchObject({
        state: 'closed',
        satisfaction: 'satisfied',
        resolved: true,
        redoCount: 0,
      });
    }
    const timeline = await (await dispatcher.request.get(`/api/orders/${orders[1]?.id}/timeline`)).json();
    expect(timeline.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['create', 'dispatch', 'sign', 'reply', 'approve_review', 'visit']),
    );

    // The citizen reads the closed order on the portal, without staff names.
    await track(citizen, portalNumber, '13600001111');
    await citizen.getByText('经现场核查，已安排维修人员').first().waitFor(POLL);
    await screenshot(citizen, 'flow-08-portal-closed');
    expect(await citizen.content()).not.toContain('赵磊'); // the handler's name never reaches citizens
  }, 300_000);

  test('a wrong unit returns the order and it is reassigned; a dissatisfied visit sends it back for 重办', async () => {
    const desk = await deskOf('calltaker');
    await desk.goto('/intake');
    await desk.getByLabel('来电号码').fill('13700003333');
    await desk.getByLabel('来电号码').press('Enter');
    await expect.poll(() => desk.getByTestId('caller-profile').textContent(), POLL).toContain('首次来电');
    await desk.locator('form#intake label.ant-radio-button-wrapper', { hasText: /^投诉$/ }).click();
    await desk.getByLabel('事项分类').click();
    await searchAndPick(desk, '物业');
    await desk.getByLabel('地址').fill('望江路 20 号滨江小区');
    await desk.getByLabel('标题').fill('滨江小区门口占道经营噪音扰民');
    await desk.getByLabel('诉求内容').fill('滨江小区门口每天晚上有人占道摆摊到深夜，噪音很大，影响休息。');
    await desk.getByRole('button', { name: '提交工单' }).click();
    const number = ((await desk.getByTestId('order-number').textContent()) ?? '').replace(/\s/g, '');
    expect(number).toMatch(/^\d{12}$/);
    const id = await idOf(number, '13700003333');
    const dispatcher = await deskOf('dispatcher');

    // Dispatched to the housing bureau, which is not the right unit.
    await dispatch(number, '市住房和城乡建设局');
    await waitForState(dispatcher, id, 'dispatched');

    // 住建局's handler returns it with a reason.
    const wrong = await deskOf('handler2');
    await wrong.goto(`/handle?order=${id}`);
    const panel = wrong.getByTestId('handle-panel');
    await expect.poll(() => panel.getAttribute('data-order-id'), POLL).toBe(String(id));
    await panel.getByRole('tab', { name: '退单' }).click();
    const returnForm = wrong.getByTestId('return-form');
    await returnForm
      .getByLabel('退单理由')
      .fill('占道经营和噪音扰民属街道综合执法职责，不属于住建局，请改派望江街道。');
    await returnForm.getByRole('button', { name: '申请退单' }).click();
    await waitForState(wrong, id, 'return_requested');

    // The dispatcher agrees and reassigns it to the street.
    await dispatcher.goto('/dispatch?tab=returns');
    await (await queueRow(dispatcher, number)).click();
    await expect
      .poll(() => dispatcher.getByTestId('return-reason').textContent(), POLL)
      .toContain('不属于住建局');
    await screenshot(dispatcher, 'flow-09-return-ruling');
    await dispatcher.getByRole('button', { name: /同意退单/ }).click();
    await toast(dispatcher, '已同意退单');
    await waitForState(dispatcher, id, 'pending_dispatch');
    await dispatch(number, '望江街道');
    await waitForState(dispatcher, id, 'dispatched');
    const street = await orderState(dispatcher, id);

    // Handled, reviewed, and the citizen is not satisfied: back to the same street for 重办.
    await signAndReply('handler', id, '已联系城管中队到现场劝离摊贩，并已电话告知诉求人，后续加强巡查。');
    await approve('unitreviewer', id, number, 'centre_review');
    await approve('centrereviewer', id, number, 'visit_pending');
    await visit(id, number, false, 'flow-10-visit-dissatisfied');
    const redo = await orderState(dispatcher, id);
    expect(redo).toMatchObject({ state: 'dispatched', redoCount: 1, satisfaction: 'dissatisfied' });
    expect(redo.leadUnitId).toBe(street.leadUnitId);

    // 重办: the street handles it again, and this time the citizen is satisfied.
    await signAndReply(
      'handler',
      id,
      '重办：街道联合城管、市场监管连续三晚在小区门口值守，摊贩已全部撤离，并设置禁止占道经营提示牌，已电话回复诉求人。',
      'flow-11-redo-reply',
    );
    await approve('unitreviewer', id, number, 'centre_review');
    await approve('centrereviewer', id, number, 'visit_pending');
    await visit(id, number, true);
    expect(await orderState(dispatcher, id)).toMatchObject({
      state: 'closed',
      satisfaction: 'satisfied',
      redoCount: 1,
    });

    const timeline = await (await dispatcher.request.get(`/api/orders/${id}/timeline`)).json();
    const actions = timeline.items.map((e: { action: string }) => e.action);
    for (const step of ['return', 'accept_return', 'visit', 'approve_review'])
      expect(actions).toContain(step);
    expect(actions.filter((a: string) => a === 'dispatch')).toHaveLength(2); // 住建局, then 望江街道
    expect(actions.filter((a: string) => a === 'visit')).toHaveLength(2); // 不满意 (重办), then 满意
  }, 400_000);
});
