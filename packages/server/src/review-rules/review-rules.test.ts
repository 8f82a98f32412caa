import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../domain/reply-review.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

/** 答复审核规则 over HTTP: seeded defaults, CRUD rights, the order check with its data scope, the draft check. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title: '小区电梯坏了一周物业不修',
      content: '望江花园3栋电梯坏了一周，物业公司一直不派人维修，老人上下楼很困难。',
      categoryId: t.categories.propertyManagement,
      address: '滨江街道望江社区3栋',
      regionUnitId: t.units.community,
      citizenPhone: '13812345678',
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

async function ok(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, `${user} ${path}: ${res.body}`).toBe(200);
}

/** An order of the street, replied by its handler. */
async function replied(content: string, contactedCitizen = false) {
  const o = await create();
  await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
  await ok('handler', o.id, 'sign');
  await ok('handler', o.id, 'reply', { content, contactedCitizen });
  return o.id;
}

const check = (user: UserKey | null, id: number) =>
  t.as(user, { method: 'GET', url: `/api/orders/${id}/reply-check` });

describe('rules are data', () => {
  it('the migration seeds the default rules, in order', async () => {
    const res = await t.as('centreReviewer', { method: 'GET', url: '/api/review-rules' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.canEdit).toBe(true);
    expect(
      body.items.map((r: Record<string, unknown>) => ({
        code: r.code,
        name: r.name,
        kind: r.kind,
        severity: r.severity,
        enabled: r.enabled,
        params: r.params,
      })),
    ).toEqual(DEFAULT_RULES.map((r) => ({ ...r, params: JSON.parse(JSON.stringify(r.params)) })));
    expect(body.items[0].severityLabel).toBe('提示');
  });

  it('handlers and unit reviewers read the rules but may not edit them', async () => {
    for (const user of ['handler', 'unitReviewer'] as const) {
      const res = await t.as(user, { method: 'GET', url: '/api/review-rules' });
      expect(res.statusCode).toBe(200);
      expect(res.json().canEdit).toBe(false);
    }
    expect((await t.as('visitor', { method: 'GET', url: '/api/review-rules' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/review-rules' })).statusCode).toBe(401);
    const post = await t.as('unitReviewer', {
      method: 'POST',
      url: '/api/review-rules',
      payload: {
        code: 'X_TEST',
        name: '测试',
        kind: 'min_substance',
        severity: 'hint',
        params: { minChars: 5, message: '短' },
      },
    });
    expect(post.statusCode).toBe(403);
  });

  it('centre reviewers create, edit and delete rules; bad parameters name the field', async () => {
    const payload = {
      code: 'R90_SORRY',
      name: '须致歉',
      kind: 'required_element',
      severity: 'hint',
      params: { patterns: ['抱歉|歉意'], message: '答复未致歉' },
    };
    const created = await t.as('centreReviewer', { method: 'POST', url: '/api/review-rules', payload });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ code: 'R90_SORRY', enabled: true, kindLabel: '必备要素' });
    const again = await t.as('centreReviewer', { method: 'POST', url: '/api/review-rules', payload });
    expect(again.statusCode).toBe(409);

    const badRegex = await t.as('centreReviewer', {
      method: 'PUT',
      url: '/api/review-rules/R90_SORRY',
      payload: { params: { patterns: ['('], message: 'x' }, version: 1 },
    });
    expect(badRegex.statusCode).toBe(422);
    expect(badRegex.json().error.details.field).toBe('params.patterns');
    const badCode = await t.as('centreReviewer', {
      method: 'POST',
      url: '/api/review-rules',
      payload: { ...payload, code: 'bad code' },
    });
    expect(badCode.statusCode).toBe(400);
    expect(JSON.stringify(badCode.json())).toContain('code');

    const edited = await t.as('admin', {
      method: 'PUT',
      url: '/api/review-rules/R90_SORRY',
      payload: { severity: 'warning', enabled: false, version: 1 },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      severity: 'warning',
      severityLabel: '警告',
      enabled: false,
      version: 2,
    });
    // A second reviewer who started from version 1 does not overwrite the admin's edit.
    const stale = await t.as('centreReviewer', {
      method: 'PUT',
      url: '/api/review-rules/R90_SORRY',
      payload: { enabled: true, version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { field: 'body.version', current: 2 },
    });
    const rules = (await t.as('centreReviewer', { method: 'GET', url: '/api/review-rules' })).json();
    expect(rules.items.find((r: { code: string }) => r.code === 'R90_SORRY')).toMatchObject({
      enabled: false,
      version: 2,
    });
    const noVersion = await t.as('centreReviewer', {
      method: 'PUT',
      url: '/api/review-rules/R90_SORRY',
      payload: { enabled: true },
    });
    expect(noVersion.statusCode).toBe(400);
    expect(JSON.stringify(noVersion.json())).toContain('version');
    expect(
      (await t.as('centreReviewer', { method: 'DELETE', url: '/api/review-rules/R90_SORRY' })).statusCode,
    ).toBe(200);
    expect(
      (await t.as('centreReviewer', { method: 'DELETE', url: '/api/review-rules/R90_SORRY' })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.as('centreReviewer', {
          method: 'PUT',
          url: '/api/review-rules/R90_SORRY',
          payload: { version: 2 },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/orders/{id}/reply-check', () => {
  it('flags an empty reply with the rule that fired', async () => {
    const id = await replied('您好，您反映的问题已转交物业公司。');
    const res = await check('unitReviewer', id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['flags', 'relevance']);
    const codes = body.flags.map((f: { ruleCode: string }) => f.ruleCode);
    expect(codes).toEqual(expect.arrayContaining(['R05_EMPTY_PHRASE', 'R06_MIN_SUBSTANCE', 'R01_CONTACT']));
    const empty = body.flags.find((f: { ruleCode: string }) => f.ruleCode === 'R05_EMPTY_PHRASE');
    expect(empty).toMatchObject({ ruleName: '禁用空话套话', severity: 'reject', evidence: '已转交' });
    expect(body.flags[0].severity).toBe('reject');
  });

  it('passes a substantive reply; the self-check counts as contact', async () => {
    const id = await replied(
      '经街道工作人员现场核实，望江花园3栋电梯主板损坏，已责令物业公司更换主板，电梯已于3月5日修复并恢复运行，物业公司承诺每月维保一次。',
      true,
    );
    const res = await check('centreReviewer', id);
    expect(res.statusCode).toBe(200);
    expect(res.json().flags).toEqual([]);
    expect(res.json().relevance).toBeGreaterThan(0.1);
  });

  it('a disabled rule no longer fires', async () => {
    const id = await replied('您好，您反映的问题已转交物业公司。');
    const disabled = await t.as('centreReviewer', {
      method: 'PUT',
      url: '/api/review-rules/R05_EMPTY_PHRASE',
      payload: { enabled: false, version: 1 },
    });
    expect(disabled.statusCode).toBe(200);
    const codes = (await check('centreReviewer', id))
      .json()
      .flags.map((f: { ruleCode: string }) => f.ruleCode);
    expect(codes).not.toContain('R05_EMPTY_PHRASE');
    await t.as('centreReviewer', {
      method: 'PUT',
      url: '/api/review-rules/R05_EMPTY_PHRASE',
      payload: { enabled: true, version: 2 },
    });
  });

  it('needs a review permission and respects the data scope', async () => {
    const id = await replied('您好，已转交。');
    expect((await check('handler', id)).statusCode).toBe(403);
    expect((await check('leader', id)).statusCode).toBe(403);
    expect((await check(null, id)).statusCode).toBe(401);
    // An order of another street: invisible to this street's reviewer (404, never 403).
    const other = await create();
    await ok('dispatcher', other.id, 'dispatch', { leadUnitId: t.units.otherStreet });
    await ok('otherHandler', other.id, 'sign');
    await ok('otherHandler', other.id, 'reply', { content: '已转交。', contactedCitizen: false });
    expect((await check('unitReviewer', other.id)).statusCode).toBe(404);
    expect((await check('centreReviewer', other.id)).statusCode).toBe(200);
  });

  it('is 404 for an order without a reply and 400 for a bad id', async () => {
    const o = await create();
    const res = await check('centreReviewer', o.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details.resource).toBe('reply');
    expect((await check('centreReviewer', 999_999)).statusCode).toBe(404);
    expect(
      (await t.as('centreReviewer', { method: 'GET', url: '/api/orders/abc/reply-check' })).statusCode,
    ).toBe(400);
  });
});

describe('POST /api/review-rules/check', () => {
  it('checks a handler draft against its order', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    const res = await t.as('handler', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: { orderId: o.id, reply: '已按规定办理。' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().flags.map((f: { ruleCode: string }) => f.ruleCode)).toContain('R05_EMPTY_PHRASE');
    // The other street's handler cannot see the order.
    const other = await t.as('otherHandler', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: { orderId: o.id, reply: '已按规定办理。' },
    });
    expect(other.statusCode).toBe(404);
  });

  it('checks a request given in the body; a refusal without basis is a 驳回建议', async () => {
    const res = await t.as('centreReviewer', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: {
        requestTitle: '申请廉租房',
        requestContent: '家庭困难，申请廉租房。',
        requestType: 'help',
        reply: '经研究，您的申请不予支持。',
      },
    });
    expect(res.statusCode).toBe(200);
    // 「经研究」 gives a reason: no refusal flag.
    expect(res.json().flags.map((f: { ruleCode: string }) => f.ruleCode)).not.toContain('R03_REFUSAL_BASIS');
    const res2 = await t.as('centreReviewer', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: {
        requestTitle: '申请廉租房',
        requestContent: '家庭困难，申请廉租房。',
        reply: '您的申请不予支持。',
        refused: true,
      },
    });
    const refusal = res2.json().flags.find((f: { ruleCode: string }) => f.ruleCode === 'R03_REFUSAL_BASIS');
    expect(refusal).toMatchObject({ severity: 'reject', ruleName: '不予支持须说明依据或理由' });
  });

  it('names the field of bad input', async () => {
    const noRequest = await t.as('centreReviewer', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: { reply: '好的' },
    });
    expect(noRequest.statusCode).toBe(422);
    expect(noRequest.json().error.details.field).toBe('requestContent');
    const noReply = await t.as('centreReviewer', {
      method: 'POST',
      url: '/api/review-rules/check',
      payload: { requestTitle: 'x', reply: '' },
    });
    expect(noReply.statusCode).toBe(400);
    expect(JSON.stringify(noReply.json())).toContain('reply');
    expect(
      (
        await t.as('visitor', {
          method: 'POST',
          url: '/api/review-rules/check',
          payload: { requestTitle: 'x', reply: 'y' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
