/** Password login, lockout, sessions and the security audit log (等保 2.0: 身份鉴别, 安全审计). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { hashToken } from './secrets.ts';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, SESSION_COOKIE } from './sessions.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MINUTE = 60_000;
const login = (username: string, password: string) =>
  t.as(null, { method: 'POST', url: '/api/auth/login', payload: { username, password } });
const me = (cookie?: string) =>
  t.as(null, { method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} });
/** `jiesu_session=<token>` from a login answer. */
const sessionCookie = (res: Awaited<ReturnType<typeof login>>) => {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  expect(c, 'session cookie').toBeDefined();
  return `${SESSION_COOKIE}=${c?.value}`;
};
const auditRows = (userId: number | null, action: string) =>
  t.ctx.db.query<{ actor_id: number | null; ip: string | null; details: Record<string, unknown> }>(
    'SELECT actor_id, ip, details FROM audit_log WHERE actor_id IS NOT DISTINCT FROM $1 AND action = $2 ORDER BY id',
    [userId, action],
  );

describe('login', () => {
  it('sets an HttpOnly SameSite session cookie that /api/auth/me accepts', async () => {
    const res = await login('dispatcher', TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userId: t.users.dispatcher.id, roles: ['dispatcher'] });
    expect(res.json().permissions).toContain('order.dispatch');
    expect(res.body).not.toMatch(/argon2|password/i);

    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).toMatch(/Path=\//);
    const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);

    const who = await me(sessionCookie(res));
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ userId: t.users.dispatcher.id, name: 'dispatcher', unitId: null });
  });

  it('stores only a hash of the session token', async () => {
    const res = await login('visitor', TEST_PASSWORD);
    const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    const raw = await t.ctx.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [token]);
    expect(raw).toEqual([]);
    const hashed = await t.ctx.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [hashToken(token)]);
    expect(hashed).toHaveLength(1);
  });

  it('refuses a wrong password with 401 LOGIN_FAILED and no cookie', async () => {
    const res = await login('calltaker', 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('LOGIN_FAILED');
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('answers an unknown user exactly like a wrong password, and audits the attempt', async () => {
    const unknown = await login('nobody-here', 'whatever-password');
    const wrong = await login('handler', 'not-the-password');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    const rows = await auditRows(null, 'login_failed');
    expect(rows.at(-1)?.details).toEqual({ username: 'nobody-here' });
  });

  it('refuses /api/auth/me without a session, or with a forged one', async () => {
    expect((await me()).json().error.code).toBe('UNAUTHENTICATED');
    const forged = await me(`${SESSION_COOKIE}=forged-token-forged-token-forged-token-forged`);
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('lockout after repeated failures', () => {
  it(`locks after ${MAX_FAILED_LOGINS} failures, even for the right password, until ${LOCKOUT_MINUTES} minutes pass`, async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      const res = await login('supervisor', `wrong-${i}`);
      expect(res.json().error.code, `attempt ${i}`).toBe('LOGIN_FAILED');
    }
    const last = await login('supervisor', 'wrong-last');
    expect(last.statusCode).toBe(423);
    expect(last.json().error.code).toBe('ACCOUNT_LOCKED');

    const right = await login('supervisor', TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const lockedUntil = new Date(right.json().error.details.lockedUntil);
    expect(lockedUntil.getTime()).toBe(t.clock.now().getTime() + LOCKOUT_MINUTES * MINUTE);

    t.clock.advance(14 * MINUTE);
    expect((await login('supervisor', TEST_PASSWORD)).statusCode).toBe(423);
    t.clock.advance(2 * MINUTE);
    const after = await login('supervisor', TEST_PASSWORD);
    expect(after.statusCode, after.body).toBe(200);
    expect((await me(sessionCookie(after))).statusCode).toBe(200);
  });

  it('starts a fresh count once a lockout has passed', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('leader', 'wrong-password');
    expect((await login('leader', TEST_PASSWORD)).statusCode).toBe(423);
    t.clock.advance((LOCKOUT_MINUTES + 1) * MINUTE);
    const one = await login('leader', 'wrong-again');
    expect(one.statusCode).toBe(401);
    expect(one.json().error.code).toBe('LOGIN_FAILED');
    expect((await login('leader', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('resets the count on a successful login', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await login('gridworker', 'wrong-password');
    expect((await login('gridworker', TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect((await login('gridworker', 'wrong-password')).statusCode, `attempt ${i}`).toBe(401);
    }
    expect((await login('gridworker', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it(`checks at most ${MAX_FAILED_LOGINS} passwords when guesses arrive in parallel`, async () => {
    const user = t.users.centreReviewer.id;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('centrereviewer', `parallel-guess-${i}`)),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect(statuses.filter((s) => s === 423)).toHaveLength(12 - (MAX_FAILED_LOGINS - 1));
    const checked =
      (await auditRows(user, 'login_failed')).length + (await auditRows(user, 'account_locked')).length;
    expect(checked).toBe(MAX_FAILED_LOGINS);
    expect((await login('centrereviewer', TEST_PASSWORD)).statusCode).toBe(423);
  });
});

describe('sessions', () => {
  it('logout ends the session and clears the cookie', async () => {
    const res = await login('unitreviewer', TEST_PASSWORD);
    const cookie = sessionCookie(res);
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await t.as(null, { method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect((await me(cookie)).statusCode).toBe(401);
    const rows = await t.ctx.db.query(
      'SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1',
      ['unitreviewer'],
    );
    expect(rows).toHaveLength(1); // only the fixture's own session is left
  });

  it('logout without a session is harmless', async () => {
    expect((await t.as(null, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('expires a session after its lifetime, even one that was just used', async () => {
    const cookie = sessionCookie(await login('otherhandler', TEST_PASSWORD));
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(11 * 60 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(2 * 60 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('refuses a deactivated user at login, with the same answer as a wrong password', async () => {
    await t.ctx.db.query("UPDATE users SET active = false WHERE username = 'citizen'");
    const res = await login('citizen', TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('LOGIN_FAILED');
  });
});

describe('audit log', () => {
  it('holds login, login_failed and account_locked rows with who and from where', async () => {
    const login1 = await auditRows(t.users.dispatcher.id, 'login');
    expect(login1.length).toBeGreaterThanOrEqual(1);
    expect(login1[0]?.ip).toBeTruthy();
    const failed = await auditRows(t.users.supervisor.id, 'login_failed');
    expect(failed.map((r) => r.details.failedLogins)).toEqual([1, 2, 3, 4]);
    const locked = await auditRows(t.users.supervisor.id, 'account_locked');
    expect(locked.map((r) => r.details.failedLogins)).toEqual([5]);
  });

  it('refuses UPDATE and DELETE, even in direct SQL', async () => {
    const [row] = await t.ctx.db.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id LIMIT 1');
    expect(row).toBeDefined();
    await expect(
      t.ctx.db.query("UPDATE audit_log SET action = 'nothing_happened' WHERE id = $1", [row?.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.ctx.db.query('DELETE FROM audit_log WHERE id = $1', [row?.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const [still] = await t.ctx.db.query<{ action: string }>('SELECT action FROM audit_log WHERE id = $1', [
      row?.id,
    ]);
    expect(still?.action).not.toBe('nothing_happened');
  });
});
