import { expect } from 'vitest';
import type { TestApp, UserKey } from '../testing/test-app.ts';

/** Order helpers for the supervision tests: drive real orders through the API. */
export function orderDriver(t: TestApp) {
  async function create(overrides: Record<string, unknown> = {}) {
    const res = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: {
        channel: 'phone',
        requestType: 'complaint',
        title: '噪音',
        content: '夜间施工噪音扰民',
        ...overrides,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  }
  async function ok(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
    const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
    expect(res.statusCode, `${user} ${path}: ${res.body}`).toBe(200);
    return res.json();
  }
  /** Dispatched to the street and signed: the handling clock runs. */
  async function handling(overrides: Record<string, unknown> = {}, unit = t.units.street) {
    const id = await create(overrides);
    await ok('dispatcher', id, 'dispatch', { leadUnitId: unit });
    if (unit === t.units.street) await ok('handler', id, 'sign');
    return id;
  }
  /** Reply, both reviews and a visit with the given outcome. */
  async function replyAndVisit(
    id: number,
    visit: { satisfaction: string; resolved: boolean; note?: string; redo?: boolean },
  ) {
    await ok('handler', id, 'reply', { content: '已处理。', contactedCitizen: true });
    await ok('unitReviewer', id, 'review/approve');
    await ok('centreReviewer', id, 'review/approve');
    return ok('visitor', id, 'visit', { method: 'phone', ...visit });
  }
  const dueOf = async (id: number) => {
    const [o] = await t.testDb.db.query<{ yellow_at: Date; handle_due_at: Date }>(
      'SELECT yellow_at, handle_due_at FROM orders WHERE id = $1',
      [id],
    );
    if (!o) throw new Error('order missing');
    return o;
  };
  const casesOf = (cause: string, subjectKey?: string) =>
    t.testDb.db.query<{
      id: number;
      subject_key: string;
      level: string;
      status: string;
      unit_id: number | null;
    }>(
      `SELECT id, subject_key, level, status, unit_id FROM supervision_cases WHERE cause = $1
       ${subjectKey ? 'AND subject_key = $2' : ''} ORDER BY id`,
      subjectKey ? [cause, subjectKey] : [cause],
    );
  return { create, ok, handling, replyAndVisit, dueOf, casesOf };
}
