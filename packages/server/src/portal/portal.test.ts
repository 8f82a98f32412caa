import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile, PDF_BYTES, PNG_BYTES } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PHONE = '13912345678';

async function submit(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return t.as(null, {
    method: 'POST',
    url: '/api/portal/requests',
    headers,
    payload: {
      requestType: 'complaint',
      title: '小区门口占道经营',
      content: '每天傍晚小区门口摊贩占道，车辆无法通行。',
      citizenPhone: PHONE,
      citizenName: '赵女士',
      address: '滨江街道望江路 8 号',
      ...extra,
    },
  });
}

const track = (number: string, phone = PHONE) =>
  t.as(null, { method: 'POST', url: '/api/portal/track', payload: { number, phone } });

async function step(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
}

describe('citizens submit and follow their request without an account', () => {
  it('accepts a request on the website channel and shows its progress in plain words only', async () => {
    const res = await submit();
    expect(res.statusCode, res.body).toBe(201);
    const { number } = res.json();
    const [order] = await t.testDb.db.query<{ id: number; channel: string; created_by: number | null }>(
      'SELECT id, channel, created_by FROM orders WHERE number = $1',
      [number],
    );
    expect(order).toMatchObject({ channel: 'website', created_by: null });
    const id = order?.id as number;

    await step('dispatcher', id, 'dispatch', {
      leadUnitId: t.units.street,
      note: '内部备注：该市民多次来电',
    });
    await step('handler', id, 'sign');
    await step('handler', id, 'return', { reason: '内部：应由城管处理' });
    await step('dispatcher', id, 'return/reject', { reason: '属地负责' });
    await step('handler', id, 'reply', { content: '初稿', contactedCitizen: false });
    await step('unitReviewer', id, 'review/reject', { reason: '内部：答复过于简单' });
    await step('handler', id, 'reply', {
      content: '已联合城管清理占道摊贩，并设置巡查点。',
      contactedCitizen: true,
    });
    await step('unitReviewer', id, 'review/approve');

    const during = (await track(number)).json();
    expect(during).toMatchObject({ status: '办理中', answer: null, canRate: false, unitName: '滨江街道' });

    await step('centreReviewer', id, 'review/approve');
    const replied = await track(number);
    expect(replied.statusCode).toBe(200);
    const body = replied.json();
    expect(body).toMatchObject({ status: '已答复，待评价', canRate: true });
    expect(body.answer.content).toBe('已联合城管清理占道摊贩，并设置巡查点。');
    expect(body.steps.map((s: { text: string }) => s.text)).toEqual([
      '您的诉求已受理',
      '已转交滨江街道办理',
      '承办单位已接单，正在办理',
      '承办单位已答复',
    ]);
    const text = replied.body;
    for (const secret of ['内部', '初稿', 'dispatcher', 'handler', 'unitReviewer', 'centreReviewer']) {
      expect(text).not.toContain(secret);
    }
  });

  it('the same 404 for a wrong number and for a wrong phone; bad formats are 400', async () => {
    const { number } = (await submit({ title: '路灯不亮' })).json();
    const wrongPhone = await track(number, '13900000000');
    const wrongNumber = await track('999999999999');
    expect(wrongPhone.statusCode).toBe(404);
    expect(wrongNumber.statusCode).toBe(404);
    expect(wrongPhone.json().error.code).toBe(wrongNumber.json().error.code);
    const bad = await track('12345', 'abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('body.number');
  });

  it('a dissatisfied rating re-opens the order; a satisfied one closes it', async () => {
    const { number } = (await submit({ title: '噪音扰民' })).json();
    const [{ id } = { id: 0 }] = await t.testDb.db.query<{ id: number }>(
      'SELECT id FROM orders WHERE number = $1',
      [number],
    );
    const tooEarly = await t.as(null, {
      method: 'POST',
      url: '/api/portal/ratings',
      payload: { number, phone: PHONE, satisfaction: 'satisfied', resolved: true },
    });
    expect(tooEarly.statusCode).toBe(409);

    const replyAndApprove = async (content: string) => {
      await step('handler', id, 'sign');
      await step('handler', id, 'reply', { content, contactedCitizen: true });
      await step('unitReviewer', id, 'review/approve');
      await step('centreReviewer', id, 'review/approve');
    };
    await step('dispatcher', id, 'dispatch', { leadUnitId: t.units.street });
    await replyAndApprove('已约谈商户。');
    const unhappy = await t.as(null, {
      method: 'POST',
      url: '/api/portal/ratings',
      payload: {
        number,
        phone: PHONE,
        satisfaction: 'dissatisfied',
        resolved: false,
        comment: '晚上仍然很吵',
      },
    });
    expect(unhappy.statusCode, unhappy.body).toBe(200);
    expect(unhappy.json()).toMatchObject({ status: '办理中', answer: null, canRate: false });
    expect(unhappy.json().steps.at(-1).text).toBe('根据您的评价，已要求承办单位重新办理');

    await replyAndApprove('已安装隔音设施并限定营业时间。');
    const happy = await t.as(null, {
      method: 'POST',
      url: '/api/portal/ratings',
      payload: { number, phone: PHONE, satisfaction: 'satisfied', resolved: true },
    });
    expect(happy.json()).toMatchObject({ status: '已办结', canRate: false });
    expect(happy.json().answer.content).toBe('已安装隔音设施并限定营业时间。');
    const [visit] = await t.testDb.db.query<{ payload: { method: string } }>(
      "SELECT payload FROM order_events WHERE order_id = $1 AND action = 'visit' ORDER BY seq DESC LIMIT 1",
      [id],
    );
    expect(visit?.payload.method).toBe('online');
  });

  it('retries with one Idempotency-Key create one order per caller', async () => {
    const a = await submit({}, { 'idempotency-key': 'form-1' });
    const again = await submit({}, { 'idempotency-key': 'form-1' });
    const otherCaller = await submit({ citizenPhone: '13700000000' }, { 'idempotency-key': 'form-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().number).toBe(a.json().number);
    expect(otherCaller.statusCode).toBe(201);
    expect(otherCaller.json().number).not.toBe(a.json().number);
  });

  it('limits how often one client may query', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await track('999999999999')).statusCode);
    expect(codes.slice(0, 15).every((c) => c === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    expect((await track('999999999999')).json().error.code).toBe('RATE_LIMITED');
  });
});

describe('photos from the portal', () => {
  const uploadPhoto = (content: Buffer, name = '现场.png') =>
    t.as(null, { method: 'POST', url: '/api/portal/photos', ...multipartFile(name, content) });

  it('are claimed by their token with the request, once, and only images are accepted', async () => {
    const photo = await uploadPhoto(PNG_BYTES);
    expect(photo.statusCode, photo.body).toBe(201);
    const { token } = photo.json();
    expect(token.length).toBeGreaterThanOrEqual(30);

    const res = await submit({ title: '井盖缺失', photoTokens: [token] });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await t.testDb.db.query<{ file_name: string }>(
      'SELECT a.file_name FROM attachments a JOIN orders o ON o.id = a.order_id WHERE o.number = $1',
      [res.json().number],
    );
    expect(rows).toEqual([{ file_name: '现场.png' }]);

    const before = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    const reused = await submit({ title: '再次提交', photoTokens: [token] });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.details.field).toBe('photoTokens');
    const after = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    expect(after[0]?.n).toBe(before[0]?.n);

    const pdf = await uploadPhoto(PDF_BYTES, '材料.pdf');
    expect(pdf.statusCode).toBe(415);
  });
});
