import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { createUser } from '../organisation/organisation-service.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { answerQuestion } from './answer.ts';
import { openAiChatAdapter } from './chat.ts';
import { scanKnowledgeReminders } from './reminders.ts';

let t: TestApp;
let editor: string;

type Req = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown };
const asEditor = (r: Req) => t.app.inject({ ...r, headers: { cookie: editor } } as never);

async function ok(res: Awaited<ReturnType<typeof asEditor>>, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

const entry = (over: Record<string, unknown> = {}) => ({
  kind: 'policy',
  title: '住房公积金贷款最高额度',
  bodyHtml:
    '<p>缴存职工家庭购买首套住房，住房公积金贷款最高额度为 60 万元。</p><p>购买二套住房最高 40 万元。</p><script>alert(1)</script><p onclick="x()">详见公告。</p>',
  tags: ['公积金', '贷款'],
  effectiveFrom: '2026-01-01',
  expiresOn: '2026-12-31',
  ...over,
});

async function publish(body: Record<string, unknown>) {
  const created = await ok(
    await asEditor({ method: 'POST', url: '/api/knowledge/entries', payload: body }),
    201,
  );
  await ok(
    await asEditor({ method: 'POST', url: `/api/knowledge/entries/${created.id}/submit`, payload: {} }),
  );
  return ok(
    await asEditor({ method: 'POST', url: `/api/knowledge/entries/${created.id}/approve`, payload: {} }),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  const { id } = await createUser(t.ctx, {
    actor: SYSTEM_ACTOR,
    username: 'kbeditor',
    displayName: '知识编辑',
    password: TEST_PASSWORD,
    roles: ['knowledge_editor'],
  });
  const token = newToken();
  await t.testDb.db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token),
    id,
    new Date(Date.now() + 86_400_000 * 365 * 5),
  ]);
  editor = `${SESSION_COOKIE}=${token}`;
  await ok(
    await asEditor({
      method: 'POST',
      url: '/api/knowledge/synonyms',
      payload: { terms: ['公积金', '住房公积金'] },
    }),
    201,
  );
  await ok(
    await asEditor({
      method: 'POST',
      url: '/api/knowledge/synonyms',
      payload: { terms: ['医保', '医疗保险'] },
    }),
    201,
  );
});
afterAll(() => t.close());

describe('entries and workflow', () => {
  it('sanitises rich text, keeps versions and diffs them, and walks draft → in_review → published', async () => {
    const created = await ok(
      await asEditor({ method: 'POST', url: '/api/knowledge/entries', payload: entry() }),
      201,
    );
    expect(created).toMatchObject({
      state: 'draft',
      version: 1,
      expired: true,
      actions: expect.arrayContaining(['submit']),
    });
    expect(created.bodyHtml).not.toContain('script');
    expect(created.bodyHtml).not.toContain('onclick');
    expect(created.bodyText).toContain('60 万元');

    const edited = await ok(
      await asEditor({
        method: 'PUT',
        url: `/api/knowledge/entries/${created.id}`,
        payload: {
          ...entry({ bodyHtml: '<p>首套住房最高额度为 80 万元。</p>' }),
          version: 1,
          note: '额度调整',
        },
      }),
    );
    expect(edited.version).toBe(2);
    const stale = await asEditor({
      method: 'PUT',
      url: `/api/knowledge/entries/${created.id}`,
      payload: { ...entry(), version: 1 },
    });
    expect(stale.statusCode).toBe(409);

    const diff = await ok(
      await asEditor({ method: 'GET', url: `/api/knowledge/entries/${created.id}/diff?from=1&to=2` }),
    );
    expect(diff.changes).toContainEqual({ op: 'added', text: '首套住房最高额度为 80 万元。' });
    expect(
      diff.changes.some(
        (c: { op: string; text: string }) => c.op === 'removed' && c.text.includes('60 万元'),
      ),
    ).toBe(true);
    const versions = await ok(
      await asEditor({ method: 'GET', url: `/api/knowledge/entries/${created.id}/versions` }),
    );
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    // Approving a draft is refused; reject needs a note.
    expect(
      (await asEditor({ method: 'POST', url: `/api/knowledge/entries/${created.id}/approve`, payload: {} }))
        .statusCode,
    ).toBe(409);
    await ok(
      await asEditor({ method: 'POST', url: `/api/knowledge/entries/${created.id}/submit`, payload: {} }),
    );
    const noNote = await asEditor({
      method: 'POST',
      url: `/api/knowledge/entries/${created.id}/reject`,
      payload: {},
    });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().error.details.field).toBe('body.note');
    const published = await ok(
      await asEditor({ method: 'POST', url: `/api/knowledge/entries/${created.id}/approve`, payload: {} }),
    );
    expect(published).toMatchObject({
      state: 'published',
      expired: false,
      notice: null,
      lastReviewedOn: '2026-03-02',
    });
    const events = await ok(
      await asEditor({ method: 'GET', url: `/api/knowledge/entries/${created.id}/events` }),
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual(['create', 'edit', 'submit', 'approve']);
  });

  it('refuses bad input naming the field, and writes need knowledge.edit', async () => {
    const bad = await asEditor({
      method: 'POST',
      url: '/api/knowledge/entries',
      payload: entry({ kind: 'poem' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('kind');
    const dates = await asEditor({
      method: 'POST',
      url: '/api/knowledge/entries',
      payload: entry({ effectiveFrom: '2026-05-01', expiresOn: '2026-04-01' }),
    });
    expect(dates.statusCode).toBe(422);
    expect(dates.json().error.details.field).toBe('body.expiresOn');
    const unit = await asEditor({
      method: 'POST',
      url: '/api/knowledge/entries',
      payload: entry({ ownerUnitId: 999999 }),
    });
    expect(unit.statusCode).toBe(422);
    const byCallTaker = await t.as('callTaker', {
      method: 'POST',
      url: '/api/knowledge/entries',
      payload: entry(),
    });
    expect(byCallTaker.statusCode).toBe(403);
    expect((await t.as('citizen', { method: 'GET', url: '/api/knowledge/entries' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/knowledge/entries' })).statusCode).toBe(401);
    expect((await t.as('callTaker', { method: 'GET', url: '/api/knowledge/entries' })).statusCode).toBe(200);
  });
});

describe('search and answering', () => {
  let loanId: number;
  let expiredId: number;
  beforeAll(async () => {
    loanId = (
      await publish(
        entry({
          title: '住房公积金贷款额度和条件',
          bodyHtml:
            '<p>首套住房公积金贷款最高可贷 60 万元，二套 40 万元。</p><p>申请需连续缴存满 6 个月。</p>',
          questions: ['公积金最多能贷多少钱', '公积金贷款额度是多少'],
        }),
      )
    ).id;
    // An old rule, already past its expiry: must never be offered.
    const old = await publish(
      entry({
        title: '住房公积金贷款额度（旧）',
        bodyHtml: '<p>公积金贷款最高可贷 50 万元。</p>',
        effectiveFrom: '2020-01-01',
        expiresOn: '2026-03-31',
      }),
    );
    expiredId = old.id;
    await publish(
      entry({
        kind: 'guide',
        title: '城乡居民医保参保登记',
        bodyHtml: '<p>学生、儿童和没有工作单位的居民在社区参加城乡居民医保。</p>',
        caseGroup: '医保参保',
        caseLabel: '城乡居民医保（学生、儿童、无单位人员）',
        tags: ['医保'],
      }),
    );
    await publish(
      entry({
        kind: 'guide',
        title: '职工医保参保登记',
        bodyHtml: '<p>用人单位为职工办理职工医保参保，个人不用自己去办。</p>',
        caseGroup: '医保参保',
        caseLabel: '职工医保（有工作单位）',
        tags: ['医保'],
      }),
    );
  });

  it('finds entries through synonyms, with the matched words marked in the passage', async () => {
    const res = await ok(
      await t.as('callTaker', {
        method: 'GET',
        url: `/api/knowledge/entries?q=${encodeURIComponent('住房公积金能贷多少')}&answerable=true`,
      }),
    );
    expect(res.items[0].id).toBe(loanId);
    expect(res.items[0].snippet.html).toContain('<mark>');
    expect(res.items.map((i: { id: number }) => i.id)).toContain(loanId);
  });

  it('answers with the passage, never from an expired entry', async () => {
    t.clock.set('2026-04-10T10:00:00+08:00');
    const a = await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/knowledge/answer',
        payload: { question: '公积金贷款最多能贷多少？' },
      }),
    );
    expect(a.clarify).toBeNull();
    expect(a.answers[0].id).toBe(loanId);
    expect(a.answers[0].passage.text).toContain('60 万元');
    expect(a.answers.map((x: { id: number }) => x.id)).not.toContain(expiredId);
    const view = await ok(
      await t.as('callTaker', { method: 'GET', url: `/api/knowledge/entries/${expiredId}` }),
    );
    expect(view.expired).toBe(true);
    expect(view.notice).toContain('2026-03-31');
    const portal = await ok(
      await t.as(null, {
        method: 'POST',
        url: '/api/portal/knowledge/answer',
        payload: { question: '公积金贷款额度' },
      }),
    );
    expect(portal.answers.map((x: { id: number }) => x.id)).not.toContain(expiredId);
  });

  it('asks back when the question does not tell the cases apart', async () => {
    const a = await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/knowledge/answer',
        payload: { question: '医保怎么参保' },
      }),
    );
    expect(a.clarify?.question).toBe('您问的是哪一种？');
    expect(a.clarify.choices.map((c: { label: string }) => c.label).sort()).toEqual([
      '城乡居民医保（学生、儿童、无单位人员）',
      '职工医保（有工作单位）',
    ]);
  });

  it('logs questions without a good answer as gaps, masked, and counts not-helpful marks', async () => {
    const a = await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/knowledge/answer',
        payload: { question: '我家的猫跑丢了，电话13912345678' },
      }),
    );
    expect(a.gap).toBe(true);
    const gaps = await ok(await t.as('callTaker', { method: 'GET', url: '/api/knowledge/gaps' }));
    expect(gaps.items[0].question).toContain('<电话>');
    expect(gaps.items[0].question).not.toContain('13912345678');
    const marked = await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: `/api/knowledge/entries/${loanId}/not-helpful`,
        payload: { question: '公积金' },
      }),
    );
    expect(marked.notHelpful).toBe(1);
  });

  /** A call-taker's order, answered directly by quoting the loan entry. */
  const answerWithLoan = async (title: string, content = `${title}？`) => {
    const order = await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/orders',
        payload: { channel: 'phone', requestType: 'consultation', title, content },
      }),
      201,
    );
    await ok(
      await t.as('callTaker', {
        method: 'POST',
        url: `/api/orders/${order.id}/direct-answer`,
        payload: { answer: '首套最高可贷 60 万元。', knowledgeEntryId: loanId },
      }),
    );
    return order;
  };

  it('counts a direct answer that quotes the entry', async () => {
    const order = await answerWithLoan('公积金贷款额度', '公积金最高能贷多少？我的电话 13912345678');
    const view = await ok(
      await t.as('callTaker', { method: 'GET', url: `/api/knowledge/entries/${loanId}` }),
    );
    expect(view.stats.directAnswers).toBe(1);
    expect(view.stats.views).toBeGreaterThanOrEqual(1);

    // …and the resolved order becomes a masked draft.
    const draft = await ok(
      await asEditor({ method: 'POST', url: `/api/knowledge/entries/from-order/${order.id}` }),
      201,
    );
    expect(draft).toMatchObject({ state: 'draft', origin: 'order', kind: 'faq' });
    expect(draft.questions[0]).toContain('<电话>');
    expect(JSON.stringify(draft)).not.toContain('13912345678');
  });

  it('lists how the desk summed up the calls it answered with the entry (来电问法), masked, without the known variants', async () => {
    await answerWithLoan('两口子公积金能贷多少');
    await answerWithLoan('两口子公积金能贷多少');
    await answerWithLoan('公积金最多能贷多少钱');
    await answerWithLoan('来电人13987654321问贷款额度');
    const asked = await ok(await asEditor({ method: 'GET', url: `/api/knowledge/entries/${loanId}/asked` }));
    expect(asked[0]).toMatchObject({ question: '两口子公积金能贷多少', times: 2 });
    const questions = asked.map((a: { question: string }) => a.question);
    expect(questions).toContain('来电人<电话>问贷款额度');
    expect(questions).toContain('公积金贷款额度');
    // Already a question variant of the entry: nothing to adopt.
    expect(questions).not.toContain('公积金最多能贷多少钱');
    expect(JSON.stringify(asked)).not.toContain('13987654321');

    const missing = await asEditor({ method: 'GET', url: '/api/knowledge/entries/999999/asked' });
    expect(missing.statusCode).toBe(404);
    const anonymous = await t.as(null, { method: 'GET', url: `/api/knowledge/entries/${loanId}/asked` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('phrases the answer through an OpenAI-compatible endpoint without personal data', async () => {
    const seen: string[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          choices: [{ message: { content: '根据[1]「首套住房公积金贷款最高可贷 60 万元」。' } }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const chat = openAiChatAdapter({
        url: `http://127.0.0.1:${port}/v1`,
        apiKey: 'k',
        model: 'm',
        timeoutMs: 5000,
      });
      const a = await answerQuestion(t.ctx, {
        question: '我是13912345678，身份证110101199003071234，公积金能贷多少',
        channel: 'desk',
        chat,
        phrase: true,
        record: false,
      });
      expect(a.phrased).toContain('60 万元');
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toContain('13912345678');
      expect(seen[0]).not.toContain('110101199003071234');
      expect(JSON.parse(seen[0] as string).messages[1].content).toContain('60 万元');
    } finally {
      server.close();
    }
  });
});

describe('sharing, reminders, synonyms', () => {
  it('exports published entries and imports them as drafts (round trip)', async () => {
    const file = await ok(await asEditor({ method: 'GET', url: '/api/knowledge/export?origin=测试市' }));
    expect(file).toMatchObject({ format: 'jiesu-knowledge', version: 1, origin: '测试市' });
    expect(file.entries.length).toBeGreaterThan(0);
    const imported = await ok(
      await asEditor({ method: 'POST', url: '/api/knowledge/import', payload: file }),
    );
    expect(imported.created).toHaveLength(file.entries.length);
    const first = await ok(
      await asEditor({ method: 'GET', url: `/api/knowledge/entries/${imported.created[0].id}` }),
    );
    expect(first).toMatchObject({ state: 'draft', origin: 'import' });
    const again = await ok(await asEditor({ method: 'GET', url: '/api/knowledge/export?origin=测试市' }));
    const strip = (e: Record<string, unknown>) => ({ ...e, ref: undefined, version: undefined });
    const src = file.entries.find((e: { ref: string }) => e.ref === imported.created[0].ref);
    // Re-exporting the published originals gives the same content; the drafts are not exported.
    expect(again.entries.map(strip)).toEqual(file.entries.map(strip));
    expect(strip(src)).toMatchObject({ title: first.title, bodyHtml: first.bodyHtml, tags: first.tags });

    const wrong = await asEditor({
      method: 'POST',
      url: '/api/knowledge/import',
      payload: { ...file, version: 2 },
    });
    expect(wrong.statusCode).toBe(400);
  });

  it('records expiry and review reminders exactly once and expires entries past their date', async () => {
    t.clock.set('2026-12-05T10:00:00+08:00');
    const first = await scanKnowledgeReminders(t.ctx);
    expect(first.reminders).toBeGreaterThan(0);
    const again = await scanKnowledgeReminders(t.ctx);
    expect(again).toEqual({ reminders: 0, expired: 0 });
    const list = await ok(await asEditor({ method: 'GET', url: '/api/knowledge/reminders' }));
    expect(
      list.items.some(
        (r: { kind: string; message: string }) => r.kind === 'expiry' && r.message.includes('2026-12-31'),
      ),
    ).toBe(true);
    t.clock.set('2027-01-02T10:00:00+08:00');
    const later = await scanKnowledgeReminders(t.ctx);
    expect(later.expired).toBeGreaterThan(0);
    expect((await scanKnowledgeReminders(t.ctx)).expired).toBe(0);
  });

  it('edits synonym groups', async () => {
    const list = await ok(await t.as('callTaker', { method: 'GET', url: '/api/knowledge/synonyms' }));
    expect(list.length).toBe(2);
    const bad = await asEditor({
      method: 'POST',
      url: '/api/knowledge/synonyms',
      payload: { terms: ['社保'] },
    });
    expect(bad.statusCode).toBe(400);
    const id = list[0].id;
    const upd = await ok(
      await asEditor({
        method: 'PUT',
        url: `/api/knowledge/synonyms/${id}`,
        payload: { terms: ['公积金', '住房公积金', '公积'] },
      }),
    );
    expect(upd.terms).toEqual(['公积金', '住房公积金', '公积']);
    expect((await asEditor({ method: 'DELETE', url: '/api/knowledge/synonyms/999999' })).statusCode).toBe(
      404,
    );
  });
});
