import { afterAll, beforeAll, expect, it } from 'vitest';
import { multipartFile, PDF_BYTES, PNG_BYTES } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function upload(user: UserKey, name: string, content: Buffer) {
  return t.as(user, { method: 'POST', url: '/api/attachments', ...multipartFile(name, content) });
}

async function handlingOrder() {
  const o = (
    await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: { channel: 'phone', requestType: 'complaint', title: '道路破损', content: '人行道砖块松动' },
    })
  ).json();
  await t.as('dispatcher', {
    method: 'POST',
    url: `/api/orders/${o.id}/dispatch`,
    payload: { leadUnitId: t.units.street },
  });
  await t.as('handler', { method: 'POST', url: `/api/orders/${o.id}/sign`, payload: {} });
  return o.id as number;
}

it('stores a photo, recognised by its content, and links it to the reply', async () => {
  const res = await upload('handler', '现场照片.png', PNG_BYTES);
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toMatchObject({
    fileName: '现场照片.png',
    mimeType: 'image/png',
    sizeBytes: PNG_BYTES.length,
  });
  const id = await handlingOrder();
  const reply = await t.as('handler', {
    method: 'POST',
    url: `/api/orders/${id}/reply`,
    payload: { content: '已修复，附现场照片。', contactedCitizen: true, attachmentIds: [res.json().id] },
  });
  expect(reply.statusCode, reply.body).toBe(200);
  const download = await t.as('dispatcher', { method: 'GET', url: `/api/attachments/${res.json().id}` });
  expect(download.statusCode).toBe(200);
  expect(download.headers['content-type']).toBe('image/png');
  expect(download.rawPayload.equals(PNG_BYTES)).toBe(true);
  const outsider = await t.as('otherHandler', { method: 'GET', url: `/api/attachments/${res.json().id}` });
  expect(outsider.statusCode).toBe(404);
});

it('refuses a file whose content is not an allowed type, whatever its name says', async () => {
  const res = await upload('handler', 'photo.jpg', Buffer.from('#!/bin/sh\nrm -rf /\n'));
  expect(res.statusCode).toBe(415);
  expect(res.json().error.details.field).toBe('file');
  const json = await t.as('handler', { method: 'POST', url: '/api/attachments', payload: { file: 'x' } });
  expect(json.statusCode).toBe(415);
});

it("cannot link someone else's upload, and a final reply needs evidence", async () => {
  const theirs = (await upload('otherHandler', '证明.pdf', PDF_BYTES)).json();
  expect(theirs.mimeType).toBe('application/pdf');
  const id = await handlingOrder();
  const stolen = await t.as('handler', {
    method: 'POST',
    url: `/api/orders/${id}/reply`,
    payload: { content: '见附件', contactedCitizen: true, attachmentIds: [theirs.id] },
  });
  expect(stolen.statusCode).toBe(422);
  expect(stolen.json().error.details).toMatchObject({ field: 'attachmentIds', id: theirs.id });
  const noEvidence = await t.as('handler', {
    method: 'POST',
    url: `/api/orders/${id}/reply`,
    payload: {
      content: '最终答复',
      contactedCitizen: true,
      finalReply: { signedBy: '主任', evidenceAttachmentIds: [] },
    },
  });
  expect(noEvidence.statusCode).toBe(400);
  const [state] = await t.testDb.db.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [id]);
  expect(state?.state).toBe('handling');
});

it('unauthenticated uploads are refused', async () => {
  const res = await upload('handler', 'a.png', PNG_BYTES);
  expect(res.statusCode).toBe(201);
  const anon = await t.as(null, {
    method: 'POST',
    url: '/api/attachments',
    ...multipartFile('a.png', PNG_BYTES),
  });
  expect(anon.statusCode).toBe(401);
});
