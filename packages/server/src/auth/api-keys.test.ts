/** Channel integrations with API keys: submit orders for their own channel, nothing more. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';
import { hashToken } from './secrets.ts';

let t: TestApp;
let key: { id: number; key: string };
let callTakerOrder: number;

const order = { channel: 'phone', requestType: 'help', title: '小程序求助', content: '小区停水' };
const withKey = (k: string, opts: { method: 'GET' | 'POST'; url: string; payload?: object }) =>
  t.as(null, { ...opts, headers: { 'x-api-key': k } });
const createKey = (user: UserKey | null, payload: object) =>
  t.as(user, { method: 'POST', url: '/api/api-keys', payload });

beforeAll(async () => {
  t = await createTestApp();
  const res = await createKey('admin', { name: '微信小程序', channel: 'wechat' });
  expect(res.statusCode, res.body).toBe(201);
  key = res.json();
  const o = await t.as('callTaker', { method: 'POST', url: '/api/orders', payload: order });
  callTakerOrder = o.json().id;
});
afterAll(() => t.close());

describe('creating keys', () => {
  it('shows the key once: the list has its prefix, never the secret, and the database keeps a hash', async () => {
    expect(key.key).toMatch(/^jsk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    const list = await t.as('admin', { method: 'GET', url: '/api/api-keys' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: key.id,
        name: '微信小程序',
        channel: 'wechat',
        prefix: key.key.slice(4, 12),
        revokedAt: null,
      }),
    ]);
    const secret = key.key.slice(13);
    expect(list.body).not.toContain(secret);
    const [row] = await t.ctx.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
      key.id,
    ]);
    expect(row?.key_hash).toBe(hashToken(key.key));
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await t.ctx.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'api_key_created' AND target_id = $1",
      [String(key.id)],
    );
    expect(audit).toHaveLength(1);
  });

  it.each(['dispatcher', 'callTaker', 'handler', 'leader'] as const)('refuses the %s (403)', async (user) => {
    const res = await createKey(user, { name: '偷偷建的', channel: 'app' });
    expect(res.statusCode).toBe(403);
    expect((await t.as(user, { method: 'GET', url: '/api/api-keys' })).statusCode).toBe(403);
    expect((await t.as(user, { method: 'POST', url: `/api/api-keys/${key.id}/revoke` })).statusCode).toBe(
      403,
    );
  });

  it('refuses anonymous requests (401) and unknown channels (400)', async () => {
    expect((await createKey(null, { name: 'x', channel: 'app' })).statusCode).toBe(401);
    const bad = await createKey('admin', { name: 'x', channel: 'carrier_pigeon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('body.channel');
  });

  it('a key cannot create keys itself', async () => {
    const res = await withKey(key.key, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'x', channel: 'app' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('using a key', () => {
  let own: number;

  it('creates an order whose channel is forced to the key’s channel', async () => {
    const res = await withKey(key.key, { method: 'POST', url: '/api/orders', payload: order });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().channel).toBe('wechat');
    own = res.json().id;
    const timeline = await t.as('dispatcher', { method: 'GET', url: `/api/orders/${own}/timeline` });
    expect(timeline.json().items[0]).toMatchObject({
      action: 'create',
      actorId: null,
      actorName: '微信小程序',
    });
  });

  it('lists and reads only the orders it submitted', async () => {
    const list = await withKey(key.key, { method: 'GET', url: '/api/orders' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: number }) => x.id)).toEqual([own]);
    expect((await withKey(key.key, { method: 'GET', url: `/api/orders/${own}` })).statusCode).toBe(200);
    const other = await withKey(key.key, { method: 'GET', url: `/api/orders/${callTakerOrder}` });
    expect(other.statusCode).toBe(404);
    expect(
      (await withKey(key.key, { method: 'GET', url: `/api/orders/${callTakerOrder}/timeline` })).statusCode,
    ).toBe(404);
  });

  it('may not take steps, reveal contacts or read reference data', async () => {
    const step = await withKey(key.key, {
      method: 'POST',
      url: `/api/orders/${own}/withdraw`,
      payload: { reason: '撤回' },
    });
    expect(step.statusCode).toBe(403);
    expect((await withKey(key.key, { method: 'GET', url: `/api/orders/${own}/contact` })).statusCode).toBe(
      403,
    );
    expect((await withKey(key.key, { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
  });

  it.each([
    ['a made-up key', 'jsk_ABCDEFGH_abcdefghijklmnopqrstuvwxyz'],
    ['a key with the right prefix and a wrong secret', () => `${key.key.slice(0, 13)}${'A'.repeat(32)}`],
    ['something that is not a key', 'Bearer hunter2'],
    ['an empty key', ''],
  ] as [string, string | (() => string)][])('refuses %s with 401 API_KEY_INVALID', async (_, k) => {
    const res = await withKey(typeof k === 'function' ? k() : k, { method: 'GET', url: '/api/orders' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('API_KEY_INVALID');
  });

  it('stops working once revoked, and revoking is audited', async () => {
    const second = (await createKey('admin', { name: '市长信箱', channel: 'mayor_mailbox' })).json();
    expect((await withKey(second.key, { method: 'GET', url: '/api/orders' })).statusCode).toBe(200);
    const revoke = await t.as('admin', { method: 'POST', url: `/api/api-keys/${second.id}/revoke` });
    expect(revoke.statusCode).toBe(204);
    const after = await withKey(second.key, { method: 'POST', url: '/api/orders', payload: order });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('API_KEY_INVALID');
    const listed = (await t.as('admin', { method: 'GET', url: '/api/api-keys' })).json().items;
    expect(listed.find((k: { id: number }) => k.id === second.id).revokedAt).not.toBeNull();
    const audit = await t.ctx.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'api_key_revoked' AND target_id = $1",
      [String(second.id)],
    );
    expect(audit).toHaveLength(1);
    // the first key is unaffected
    expect((await withKey(key.key, { method: 'GET', url: '/api/orders' })).statusCode).toBe(200);
  });

  it('revoking an unknown key is 404 and audits nothing; an id beyond the integer range is 400', async () => {
    const before = await t.ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'api_key_revoked'");
    const unknown = await t.as('admin', { method: 'POST', url: '/api/api-keys/987654/revoke' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'NOT_FOUND',
      details: { resource: 'api_key', id: 987654 },
    });
    const huge = await t.as('admin', { method: 'POST', url: '/api/api-keys/99999999999/revoke' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.details.field).toBe('params.id');
    expect(await t.ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'api_key_revoked'")).toHaveLength(
      before.length,
    );
  });

  it('a valid session wins over a key sent alongside it', async () => {
    const res = await t.as('dispatcher', {
      method: 'GET',
      url: '/api/orders',
      headers: { 'x-api-key': 'jsk_ABCDEFGH_abcdefghijklmnopqrstuvwxyz' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(1);
  });
});
