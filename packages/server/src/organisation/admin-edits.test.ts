/** 系统管理: renaming, moving and (de)activating units and categories (PATCH). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (user: UserKey, url: string, payload: object) => t.as(user, { method: 'PATCH', url, payload });
const post = (user: UserKey, url: string, payload: object) => t.as(user, { method: 'POST', url, payload });
const expectError = (
  res: Awaited<ReturnType<typeof patch>>,
  status: number,
  code: string,
  field?: string,
) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  if (field) expect(res.json().error.details.field).toBe(field);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
};
const units = async () =>
  (await t.as('admin', { method: 'GET', url: '/api/units' })).json().items as {
    id: number;
    parentId: number | null;
    name: string;
    depth: number;
    active: boolean;
  }[];
const audit = async (action: string, id: number) =>
  t.ctx.db.query<{ details: { changes: Record<string, unknown> } }>(
    'SELECT details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id',
    [action, String(id)],
  );
async function newUnit(kind: string, name: string, parentId: number) {
  const res = await post('admin', '/api/units', { kind, name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

describe('PATCH /api/units/:id', () => {
  it('renames a unit, audits the change and serves the new name at once', async () => {
    const id = await newUnit('community', '临时社区', t.units.street);
    const res = await patch('admin', `/api/units/${id}`, { name: '  江畔社区 ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, name: '江畔社区', kind: 'community', parentId: t.units.street });
    expect((await units()).find((u) => u.id === id)?.name).toBe('江畔社区');
    expect((await audit('unit_updated', id))[0]?.details.changes).toEqual({
      name: { from: '临时社区', to: '江畔社区' },
    });
  });

  it('moves a community with its grids under another street, rewriting paths and depths', async () => {
    const community = await newUnit('community', '搬迁社区', t.units.street);
    const grid = await newUnit('grid', '搬迁社区第一网格', community);
    const res = await patch('admin', `/api/units/${community}`, { parentId: t.units.otherStreet });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ parentId: t.units.otherStreet, depth: 5 - 1 });
    const paths = await t.ctx.db.query<{ id: number; path: string; depth: number }>(
      'SELECT id, path, depth FROM units WHERE id = ANY($1::int[]) ORDER BY id',
      [[t.units.otherStreet, community, grid]],
    );
    const [street, c, g] = paths;
    expect(c?.path).toBe(`${street?.path}${community}/`);
    expect(g?.path).toBe(`${street?.path}${community}/${grid}/`);
    expect(g?.depth).toBe((street?.depth ?? 0) + 2);
    // The other district's handler now sees the moved grid in their subtree.
    const refs = await t.ctx.refs.get();
    expect(refs.units.get(grid)?.path.startsWith(refs.units.get(t.units.otherDistrict)?.path ?? '?')).toBe(
      true,
    );
    // A unit added under the moved one takes the new path.
    const second = await newUnit('grid', '搬迁社区第二网格', community);
    const [added] = await t.ctx.db.query<{ path: string; depth: number }>(
      'SELECT path, depth FROM units WHERE id = $1',
      [second],
    );
    expect(added).toEqual({ path: `${c?.path}${second}/`, depth: (c?.depth ?? 0) + 1 });
  });

  it('refuses a move under itself or its own subtree (no cycles) and against the hierarchy', async () => {
    const dept = await newUnit('department', '市交通运输局', t.units.city);
    const sub = await newUnit('department', '市交通运输局执法支队', dept);
    expectError(
      await patch('admin', `/api/units/${dept}`, { parentId: sub }),
      422,
      'RULE_VIOLATION',
      'parentId',
    );
    expectError(
      await patch('admin', `/api/units/${dept}`, { parentId: dept }),
      422,
      'RULE_VIOLATION',
      'parentId',
    );
    expectError(
      await patch('admin', `/api/units/${t.units.community}`, { parentId: t.units.district }),
      422,
      'RULE_VIOLATION',
      'parentId',
    );
    expectError(
      await patch('admin', `/api/units/${t.units.community}`, { parentId: 999_999 }),
      422,
      'REFERENCE_NOT_FOUND',
      'parentId',
    );
    expect((await units()).find((u) => u.id === dept)?.parentId).toBe(t.units.city);
  });

  it('two crossing moves at once (A under B, B under A): one wins, the other is refused, no cycle', async () => {
    const a = await newUnit('department', '市城管委', t.units.city);
    const b = await newUnit('department', '市园林局', t.units.city);
    const results = await Promise.all([
      patch('admin', `/api/units/${a}`, { parentId: b }),
      patch('admin', `/api/units/${b}`, { parentId: a }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const rows = await t.ctx.db.query<{ id: number; parent_id: number; path: string }>(
      'SELECT id, parent_id, path FROM units WHERE id = ANY($1::int[]) ORDER BY id',
      [[a, b]],
    );
    const roots = rows.filter((r) => r.parent_id === t.units.city);
    expect(roots).toHaveLength(1);
    const child = rows.find((r) => r.parent_id !== t.units.city);
    expect(child?.path).toBe(`${roots[0]?.path}${child?.id}/`);
  });

  it('refuses to deactivate a unit with open orders (409 naming the count), allows it once they are done', async () => {
    const street = await newUnit('street', '试点街道', t.units.district);
    const order = await post('callTaker', '/api/orders', {
      channel: 'phone',
      requestType: 'complaint',
      title: '路灯不亮',
      content: '试点街道路灯连续三晚不亮。',
      categoryId: t.categories.propertyManagement,
    });
    expect(order.statusCode, order.body).toBe(201);
    const orderId = order.json().id as number;
    const dispatched = await post('dispatcher', `/api/orders/${orderId}/dispatch`, { leadUnitId: street });
    expect(dispatched.statusCode, dispatched.body).toBe(200);

    const refused = await patch('admin', `/api/units/${street}`, { active: false });
    expectError(refused, 409, 'IN_USE', 'active');
    expect(refused.json().error.details.openOrders).toBe(1);
    expect(refused.json().error.message).toContain('1 件未办结的工单');
    expect((await units()).find((u) => u.id === street)?.active).toBe(true);

    const withdrawn = await post('dispatcher', `/api/orders/${orderId}/withdraw`, { reason: '市民撤回' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const ok = await patch('admin', `/api/units/${street}`, { active: false });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().active).toBe(false);
    // A deactivated unit can no longer be dispatched to.
    const again = await post('callTaker', '/api/orders', {
      channel: 'phone',
      requestType: 'complaint',
      title: '路灯仍不亮',
      content: '试点街道路灯仍然不亮。',
    });
    const refusedDispatch = await post('dispatcher', `/api/orders/${again.json().id}/dispatch`, {
      leadUnitId: street,
    });
    expect(refusedDispatch.statusCode).toBe(422);
  });

  it('refuses to deactivate a unit with active sub-units, and to reactivate under an inactive parent', async () => {
    const street = await newUnit('street', '层级街道', t.units.district);
    const community = await newUnit('community', '层级社区', street);
    expectError(await patch('admin', `/api/units/${street}`, { active: false }), 409, 'IN_USE', 'active');
    expect((await patch('admin', `/api/units/${community}`, { active: false })).statusCode).toBe(200);
    expect((await patch('admin', `/api/units/${street}`, { active: false })).statusCode).toBe(200);
    expectError(
      await patch('admin', `/api/units/${community}`, { active: true }),
      422,
      'RULE_VIOLATION',
      'active',
    );
    expect((await patch('admin', `/api/units/${street}`, { active: true })).statusCode).toBe(200);
    expect((await patch('admin', `/api/units/${community}`, { active: true })).json().active).toBe(true);
  });

  it('answers 404 for an unknown unit, 400 for a blank name or unknown field, 403 without org.manage', async () => {
    expectError(await patch('admin', '/api/units/999999', { name: '无' }), 404, 'NOT_FOUND');
    expectError(
      await patch('admin', `/api/units/${t.units.street}`, { name: '   ' }),
      400,
      'VALIDATION_FAILED',
      'body.name',
    );
    expectError(
      await patch('admin', `/api/units/${t.units.street}`, { kind: 'city' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await patch('dispatcher', `/api/units/${t.units.street}`, { name: '改名' }),
      403,
      'FORBIDDEN',
    );
    expect((await units()).find((u) => u.id === t.units.street)?.name).toBe('滨江街道');
  });
});

describe('PATCH /api/categories/:id', () => {
  it('renames, refuses to deactivate a category with active children, deactivates leaves', async () => {
    const res = await patch('admin', `/api/categories/${t.categories.heating}`, { name: '供暖' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '供暖', active: true });
    expectError(
      await patch('admin', `/api/categories/${t.categories.urbanConstruction}`, { active: false }),
      409,
      'IN_USE',
      'active',
    );
    const leaf = await patch('admin', `/api/categories/${t.categories.heating}`, { active: false });
    expect(leaf.json().active).toBe(false);
    const cats = (await t.as('admin', { method: 'GET', url: '/api/categories' })).json().items as {
      id: number;
      active: boolean;
    }[];
    expect(cats.find((c) => c.id === t.categories.heating)?.active).toBe(false);
    expect((await audit('category_updated', t.categories.heating)).length).toBe(2);
    // An order can no longer be filed under it.
    const order = await post('callTaker', '/api/orders', {
      channel: 'phone',
      requestType: 'complaint',
      title: '暖气不热',
      content: '家里暖气不热。',
      categoryId: t.categories.heating,
    });
    expect(order.statusCode).toBe(422);
    expect(
      (await patch('admin', `/api/categories/${t.categories.heating}`, { active: true })).statusCode,
    ).toBe(200);
  });

  it('refuses other roles (403) and unknown categories (404)', async () => {
    expectError(
      await patch('handler', `/api/categories/${t.categories.heating}`, { name: 'x' }),
      403,
      'FORBIDDEN',
    );
    expectError(await patch('admin', '/api/categories/999999', { name: 'x' }), 404, 'NOT_FOUND');
  });
});
