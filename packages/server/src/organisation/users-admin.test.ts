/** 系统管理 · 用户与角色: the paged list with search, edits, deactivation, unlock and password reset. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../auth/sessions.ts';
import { createTestApp, TEST_PASSWORD, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const req = (user: UserKey | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.as(user, { method, url, ...(payload ? { payload } : {}) });
const expectError = (res: Awaited<ReturnType<typeof req>>, status: number, code: string, field?: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  if (field) expect(res.json().error.details.field).toBe(field);
};
const login = (username: string, password = TEST_PASSWORD) =>
  req(null, 'POST', '/api/auth/login', { username, password });
async function newUser(username: string, over: object = {}) {
  const res = await req('admin', 'POST', '/api/users', {
    username,
    displayName: `用户${username}`,
    password: TEST_PASSWORD,
    roles: ['handler'],
    unitId: t.units.street,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
type UserView = { id: number; username: string; unitName: string | null; locked: boolean; active: boolean };

describe('GET /api/users', () => {
  it('pages by id with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await req('admin', 'GET', `/api/users?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: UserView[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(4);
      seen.push(...body.items.map((u) => u.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const all = await t.ctx.db.query<{ id: number }>('SELECT id FROM users ORDER BY id');
    expect(seen).toEqual(all.map((r) => r.id));
    expect(pages).toBeGreaterThan(1);
  });

  it('searches account, name and unit name, and filters by unit subtree', async () => {
    const byName = (await req('admin', 'GET', `/api/users?q=${encodeURIComponent('disp')}`)).json();
    expect(byName.items.map((u: UserView) => u.username)).toEqual(['dispatcher']);
    const byUnit = (await req('admin', 'GET', `/api/users?q=${encodeURIComponent('滨江')}`)).json();
    expect(byUnit.items.map((u: UserView) => u.username).sort()).toEqual(['handler', 'unitreviewer']);
    expect(byUnit.items[0].unitName).toBe('滨江街道');
    const subtree = (await req('admin', 'GET', `/api/users?unitId=${t.units.district}`)).json();
    expect(subtree.items.map((u: UserView) => u.username).sort()).toEqual([
      'gridworker',
      'handler',
      'unitreviewer',
    ]);
    // LIKE wildcards are searched as text.
    expect((await req('admin', 'GET', '/api/users?q=%25')).json().items).toEqual([]);
  });

  it('is for users.manage only, and never shows password hashes', async () => {
    expectError(await req('dispatcher', 'GET', '/api/users'), 403, 'FORBIDDEN');
    expect((await req('admin', 'GET', '/api/users')).body).not.toMatch(/argon2|password/i);
    expectError(
      await req('admin', 'GET', '/api/users?limit=0'),
      400,
      'VALIDATION_FAILED',
      'querystring.limit',
    );
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes roles and unit; the new permissions apply to the next request', async () => {
    const id = await newUser('role.change');
    const signedIn = await login('role.change');
    const cookie = signedIn.headers['set-cookie'] as string;
    const res = await req('admin', 'PATCH', `/api/users/${id}`, {
      roles: ['handler', 'unit_reviewer'],
      unitId: t.units.otherStreet,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      roles: ['handler', 'unit_reviewer'],
      unitId: t.units.otherStreet,
      unitName: '翠微街道',
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ unitId: t.units.otherStreet });
    expect(me.json().permissions).toContain('order.review_unit');
    const [entry] = await t.ctx.db.query<{ details: { changes: Record<string, unknown> } }>(
      "SELECT details FROM audit_log WHERE action = 'user_updated' AND target_id = $1",
      [String(id)],
    );
    expect(Object.keys(entry?.details.changes ?? {}).sort()).toEqual(['roles', 'unitId']);
  });

  it('refuses a unit role without a unit, an unknown unit, and an admin disabling themselves', async () => {
    const id = await newUser('no.unit');
    expectError(
      await req('admin', 'PATCH', `/api/users/${id}`, { unitId: null }),
      422,
      'RULE_VIOLATION',
      'unitId',
    );
    expectError(
      await req('admin', 'PATCH', `/api/users/${id}`, { unitId: 999_999 }),
      422,
      'REFERENCE_NOT_FOUND',
      'unitId',
    );
    expectError(
      await req('admin', 'PATCH', `/api/users/${id}`, { roles: [] }),
      400,
      'VALIDATION_FAILED',
      'body.roles',
    );
    const self = t.users.admin.id;
    expectError(
      await req('admin', 'PATCH', `/api/users/${self}`, { active: false }),
      422,
      'RULE_VIOLATION',
      'active',
    );
    expectError(
      await req('admin', 'PATCH', `/api/users/${self}`, { roles: ['leader'] }),
      422,
      'RULE_VIOLATION',
      'roles',
    );
    expect(
      (await req('admin', 'PATCH', `/api/users/${id}`, { roles: ['call_taker'], unitId: null })).statusCode,
    ).toBe(200);
  });

  it('deactivating signs the user out everywhere and stops new logins', async () => {
    const id = await newUser('leaving.user');
    const cookie = (await login('leaving.user')).headers['set-cookie'] as string;
    expect((await req('admin', 'PATCH', `/api/users/${id}`, { active: false })).json().active).toBe(false);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expectError(await login('leaving.user'), 401, 'LOGIN_FAILED');
    expect((await req('admin', 'PATCH', `/api/users/${id}`, { active: true })).statusCode).toBe(200);
    expect((await login('leaving.user')).statusCode).toBe(200);
  });

  it('is for users.manage only (403) and answers 404 for an unknown user', async () => {
    expectError(
      await req('leader', 'PATCH', `/api/users/${t.users.handler.id}`, { active: false }),
      403,
      'FORBIDDEN',
    );
    expectError(await req('admin', 'PATCH', '/api/users/999999', { active: false }), 404, 'NOT_FOUND');
  });
});

describe('unlock and password reset', () => {
  it('unlocks an account locked by failed logins', async () => {
    await newUser('locked.out');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('locked.out', 'wrong-password-1');
    expectError(await login('locked.out'), 423, 'ACCOUNT_LOCKED');
    const list = (await req('admin', 'GET', '/api/users?q=locked.out')).json();
    expect(list.items[0]).toMatchObject({ locked: true });
    expect(list.items[0].lockedUntil).not.toBeNull();
    const res = await req('admin', 'POST', `/api/users/${list.items[0].id}/unlock`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ locked: false, lockedUntil: null });
    expect((await login('locked.out')).statusCode).toBe(200);
    expectError(await req('handler', 'POST', `/api/users/${list.items[0].id}/unlock`), 403, 'FORBIDDEN');
  });

  it('resets a password: the old one stops working, old sessions end, weak passwords are refused', async () => {
    const id = await newUser('forgot.pw');
    const cookie = (await login('forgot.pw')).headers['set-cookie'] as string;
    expectError(
      await req('admin', 'POST', `/api/users/${id}/password`, { password: 'short' }),
      400,
      'VALIDATION_FAILED',
      'body.password',
    );
    const res = await req('admin', 'POST', `/api/users/${id}/password`, { password: 'new-secret-2026' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(/new-secret|argon2/);
    expectError(await login('forgot.pw'), 401, 'LOGIN_FAILED');
    expect((await login('forgot.pw', 'new-secret-2026')).statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    const audit = await t.ctx.db.query<{ details: object }>(
      "SELECT details FROM audit_log WHERE action = 'user_password_reset' AND target_id = $1",
      [String(id)],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('new-secret');
  });
});
