import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('compresses large answers for clients that accept it, and only for them', async () => {
  const gz = await t.as('dispatcher', {
    method: 'GET',
    url: '/openapi.json',
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(gz.headers['content-encoding']).toBe('gzip');
  const plain = await t.as('dispatcher', { method: 'GET', url: '/openapi.json' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
});

it('leaves small answers alone', async () => {
  const res = await t.as(null, { method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
  expect(res.headers['content-encoding']).toBeUndefined();
  expect(res.json().status).toBe('ok');
});
