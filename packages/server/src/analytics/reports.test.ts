import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { countChange, rateChange, renderReportHtml } from './report-html.ts';
import {
  buildReport,
  type HotMatter,
  ISSUE_MIN_PEOPLE,
  parsePeriod,
  rankIssueCandidates,
} from './reports.ts';

/**
 * A hand-made March 2026: three matters reported by several people (one rising and open, one larger
 * but answered directly, one smaller, rising and open), a pair below the 每月一题 threshold, and two
 * dispatched orders that make the rates.
 */
let t: TestApp;
const XSS_TITLE = '望江花园旁工地夜间施工噪音扰民<script>alert("x")</script>';
const NOISE = '望江花园旁工地夜间施工噪音扰民';
const LIGHTS = '翠微路路灯不亮晚上一片漆黑';
const PARKING = '阳光小区消防通道停车位被长期占用';
let phone = 13_900_000_000;

async function create(at: string, title: string, content: string, address: string, categoryId: number) {
  t.clock.set(at);
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title,
      content,
      address,
      categoryId,
      citizenPhone: String(phone++),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
async function step(at: string, user: Parameters<TestApp['as']>[0], id: number, path: string, payload = {}) {
  t.clock.set(at);
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, `${path} ${res.body}`).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ policy: { reviewLevels: [] } });
  const c = t.categories;
  // February: three people already reported the street lights.
  for (let i = 0; i < 3; i++)
    await create(
      `2026-02-10T10:0${i}:00+08:00`,
      LIGHTS,
      '翠微路的路灯坏了，晚上很黑不安全。',
      '翠微路',
      c.urbanConstruction,
    );
  // March. Noise: five people, all still open (the first title tries to inject a script).
  for (let i = 0; i < 5; i++)
    await create(
      `2026-03-03T2${i}:00:00+08:00`,
      i === 0 ? XSS_TITLE : NOISE,
      `望江花园小区旁边的工地每天夜间施工到凌晨，噪音扰民，严重影响休息。${'请尽快处理'.slice(0, i + 1)}`,
      '望江花园',
      c.propertyManagement,
    );
  // Street lights: six people, each answered directly at intake (closed, nothing unresolved).
  for (let i = 0; i < 6; i++) {
    const id = await create(
      `2026-03-05T10:0${i}:00+08:00`,
      LIGHTS,
      `翠微路的路灯坏了，晚上很黑不安全。${'麻烦修一下'.slice(0, i + 1)}`,
      '翠微路',
      c.urbanConstruction,
    );
    await step(`2026-03-05T10:3${i}:00+08:00`, 'callTaker', id, 'direct-answer', {
      answer: '已转告路灯管理所维修。',
    });
  }
  // Parking: four people, open.
  for (let i = 0; i < 4; i++)
    await create(
      `2026-03-10T09:0${i}:00+08:00`,
      PARKING,
      `阳光小区的消防通道被车辆长期占用停车，存在安全隐患。${'望处理'.slice(0, i + 1)}`,
      '阳光小区',
      c.heating,
    );
  // Two people asking the same question: a hot matter, but below the 每月一题 threshold.
  for (let i = 0; i < 2; i++)
    await create(
      `2026-03-12T09:0${i}:00+08:00`,
      '咨询公积金贷款额度',
      '想了解公积金贷款最高额度是多少。',
      '',
      c.heating,
    );
  // Dispatched orders: one handled and visited satisfied, one signed late and still open.
  const done = await create(
    '2026-03-02T09:35:00+08:00',
    '楼道照明损坏',
    '单元楼道的灯全坏了。',
    '望江社区',
    c.heating,
  );
  await step('2026-03-02T09:40:00+08:00', 'dispatcher', done, 'dispatch', { leadUnitId: t.units.street });
  await step('2026-03-02T10:00:00+08:00', 'handler', done, 'sign');
  await step('2026-03-04T10:00:00+08:00', 'handler', done, 'reply', {
    content: '已更换楼道灯具',
    contactedCitizen: true,
  });
  await step('2026-03-05T10:00:00+08:00', 'visitor', done, 'visit', {
    method: 'phone',
    satisfaction: 'satisfied',
    resolved: true,
  });
  const open = await create(
    '2026-03-02T09:36:00+08:00',
    '井盖缺失',
    '人行道上的井盖不见了。',
    '滨江路',
    c.heating,
  );
  await step('2026-03-02T09:41:00+08:00', 'dispatcher', open, 'dispatch', { leadUnitId: t.units.street });
  await step('2026-03-03T10:00:00+08:00', 'handler', open, 'sign');
  t.clock.set('2026-03-25T10:00:00+08:00');
});
afterAll(() => t.close());

const monthly = () => buildReport(t.ctx, { actor: SYSTEM_ACTOR, kind: 'monthly', period: '2026-03' });

describe('report data', () => {
  it('gives the month the measures of its orders and compares with February', async () => {
    const r = await monthly();
    expect(r.title).toBe('测试市12345热线2026年3月运行分析');
    expect(r.range).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    const { counters: c, measures: m } = r.headline;
    // 5 noise + 6 lights + 4 parking + 2 questions + 2 dispatched.
    expect(c.received).toBe(19);
    expect(m.directAnswerRate).toBeCloseTo(6 / 19, 10);
    expect(m.responseRate).toBe(1 / 2); // the second order was signed the next day
    expect(m.completionRate).toBe(1 / 2); // both due in March, one closed
    expect(m.onTimeRate).toBe(1);
    expect(m.satisfactionRate).toBe(1);
    expect(m.resolutionRate).toBe(1);
    expect(m.overdueCount).toBe(1);
    expect(r.overdue.count).toBe(1);
    expect(r.overdue.byUnit).toEqual([{ unitName: '滨江街道', count: 1 }]);
    // March is not over on the 25th: it is compared with the first 25 days of the months before.
    expect(r.asOf).toBe('2026-03-25');
    expect(r.comparisons.map((x) => [x.name, x.label, x.period.to])).toEqual([
      ['环比', '2026年2月（前 25 天）', '2026-02-25'],
      ['同比', '2025年3月（前 25 天）', '2025-03-25'],
    ]);
    expect(r.headline.compare.previous?.counters.received).toBe(3);
    expect(r.headline.compare.lastYear?.counters.received).toBe(0);
    expect(r.byType).toEqual([
      { key: 'complaint', name: '投诉', received: 19, compare: { previous: 3, lastYear: 0 } },
    ]);
    expect(r.topCategories[0]).toMatchObject({ name: '城乡建设', received: 19, compare: { previous: 3 } });
    const streets = r.ranking?.find((x) => x.tier === 'street');
    expect(streets?.rows[0]).toMatchObject({ unitName: '滨江街道', rank: 1 });
    // The same figures as the dashboard's measures for the month.
    const dash = await t.as('leader', { method: 'GET', url: '/api/analytics/measures?month=2026-03&by=all' });
    expect(dash.json().items[0].measures).toEqual(r.headline.measures);
  });

  it('proposes 每月一题 by people × (1 + growth) × (0.5 + unresolved share), not by people alone', async () => {
    const r = await monthly();
    const c = r.monthlyIssue?.candidates ?? [];
    expect(c.map((x) => [x.hotMatter.people, x.hotMatter.growth, x.sampled, x.unresolved, x.score])).toEqual([
      [5, 2, 5, 5, 22.5], // noise: new this month, all open
      [4, 2, 4, 4, 18], // parking
      [6, 0.75, 6, 0, 5.25], // lights: the most people, but 3 in February and all answered
    ]);
    expect(c[0]?.hotMatter.orders.map((o) => o.title)).toContain(XSS_TITLE);
    expect(c[2]?.reasons.join('；')).toContain('上期 3 人，人数增长 75%');
    expect(c[2]?.reasons.join('；')).toContain('样本 6 件中 0 件尚未解决');
    // The pair of questions is a hot matter but not a candidate.
    expect(r.hotMatters[0]?.items.some((h) => h.people === 2)).toBe(true);
  });

  it('ranks candidates by the rule and leaves out matters of fewer people', () => {
    const hot = (people: number, previousPeople: number, growth: number, heat: number) =>
      ({
        people,
        previousPeople,
        growth,
        heat,
        orderCount: people,
        places: [],
        title: `${people}人`,
      }) as unknown as HotMatter;
    const ranked = rankIssueCandidates([
      { hotMatter: hot(10, 10, 0, 3.5), sampled: 10, unresolved: 0 }, // 10 × 1 × 0.5 = 5
      { hotMatter: hot(4, 1, 1.5, 3), sampled: 4, unresolved: 2 }, // 4 × 2.5 × 1 = 10
      { hotMatter: hot(ISSUE_MIN_PEOPLE - 1, 0, 2, 4), sampled: 2, unresolved: 2 }, // too few people
      { hotMatter: hot(5, 5, 0, 2.6), sampled: 0, unresolved: 0 }, // 5 × 1 × 0.5 = 2.5
      { hotMatter: hot(5, 5, 0, 2.7), sampled: 2, unresolved: 0 }, // same score, higher heat
    ]);
    expect(ranked.map((x) => [x.rank, x.score, x.hotMatter.heat])).toEqual([
      [1, 10, 3],
      [2, 5, 3.5],
      [3, 2.5, 2.7],
    ]);
  });

  it('validates the period of each kind and labels quarters and years', async () => {
    expect(parsePeriod('daily', '2026-11-21')).toBe('2026-11-21');
    expect(() => parsePeriod('daily', '2026-02-30')).toThrow('YYYY-MM-DD');
    expect(() => parsePeriod('monthly', '2026-13')).toThrow('YYYY-MM');
    expect(() => parsePeriod('quarterly', '2026-Q5')).toThrow('YYYY-Qn');
    expect(() => parsePeriod('annual', '26')).toThrow('YYYY');
    const q = await buildReport(t.ctx, { actor: SYSTEM_ACTOR, kind: 'quarterly', period: '2026-Q1' });
    expect(q.title).toBe('测试市12345热线2026年第一季度运行通报');
    expect(q.range).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(q.headline.counters.received).toBe(22);
    expect(q.comparisons.map((x) => x.label)).toEqual([
      '2025年第四季度（前 84 天）',
      '2025年第一季度（前 84 天）',
    ]);
    try {
      t.clock.set('2026-04-02T10:00:00+08:00');
      const after = await monthly();
      expect(after.asOf).toBeNull();
      expect(after.comparisons.map((x) => [x.label, x.period.to])).toEqual([
        ['2026年2月', '2026-02-28'],
        ['2025年3月', '2025-03-31'],
      ]);
    } finally {
      t.clock.set('2026-03-25T10:00:00+08:00');
    }
    expect(q.monthlyIssue).toBeNull();
    const y = await buildReport(t.ctx, { actor: SYSTEM_ACTOR, kind: 'annual', period: '2026' });
    expect(y.comparisons.map((x) => [x.name, x.label])).toEqual([['同比', '2025年度（前 84 天）']]);
    expect(y.hotMatters.map((w) => w.label)).toEqual(['第一季度', '第二季度', '第三季度', '第四季度']);
    const d = await buildReport(t.ctx, { actor: SYSTEM_ACTOR, kind: 'daily', period: '2026-03-05' });
    expect(d.headline.counters.received).toBe(6);
    expect(d.headline.counters.directAnswered).toBe(6);
    expect(d.ranking).toBeNull();
  });
});

describe('GET /api/analytics/reports/{kind}', () => {
  it('serves the printable monthly report with every section and escaped order titles', async () => {
    const res = await t.as('leader', { method: 'GET', url: '/api/analytics/reports/monthly?period=2026-03' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="jiesu-report-monthly-2026-03.html"; filename*=UTF-8''${encodeURIComponent('测试市12345热线2026年3月运行分析.html')}`,
    );
    const html = res.body;
    for (const s of [
      '总体情况',
      '诉求类型',
      '事项分类',
      '单位考核排名',
      '超期情况',
      '热点事项',
      '「每月一题」候选',
    ])
      expect(html).toContain(s);
    expect(html).toContain('<title>测试市12345热线2026年3月运行分析</title>');
    expect(html).toContain('@page { size: A4');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('滨江街道');
    expect(html).toContain('推荐规则：候选分 = 反映人数');
  });

  it('renders data from the orders escaped everywhere, unit names included', async () => {
    const r = await monthly();
    const ranking = r.ranking?.[1]?.rows[0];
    if (!ranking) throw new Error('no ranking row');
    ranking.unitName = '<img src=x onerror=alert(1)>';
    const html = renderReportHtml(r);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('colours a change by whether it is for the better, volumes not at all', () => {
    expect(rateChange(0.9, 0.95)).toEqual({ text: '-5.0 个百分点', tone: 'bad' });
    expect(rateChange(0.05, 0.1, true)).toEqual({ text: '-5.0 个百分点', tone: 'good' });
    expect(rateChange(0.9, null)).toBe('—');
    expect(countChange(12, 10)).toBe('+20.0%');
    expect(countChange(12, 10, true)).toEqual({ text: '+20.0%', tone: 'bad' });
    expect(countChange(3, 0)).toBe('新增');
  });

  it('serves a PDF with the Chinese file name, and refuses it clearly without the font', async () => {
    const res = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/reports/quarterly?period=2026-Q1&format=pdf',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(
      `attachment; filename="jiesu-report-quarterly-2026-Q1.pdf"; filename*=UTF-8''${encodeURIComponent('测试市12345热线2026年第一季度运行通报.pdf')}`,
    );
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The embedded CJK subset alone is tens of kilobytes.
    expect(res.rawPayload.length).toBeGreaterThan(20_000);
    // Page numbers are written into the bottom margin without starting a blank page after each.
    const pages = res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);

    const saved = process.env.JIESU_PDF_FONT;
    process.env.JIESU_PDF_FONT = '/nonexistent/font.ttc';
    try {
      const missing = await t.as('leader', {
        method: 'GET',
        url: '/api/analytics/reports/monthly?period=2026-03&format=pdf',
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error).toMatchObject({
        code: 'FORMAT_UNAVAILABLE',
        details: { field: 'querystring.format', setting: 'JIESU_PDF_FONT' },
      });
      expect(missing.json().error.message).toContain('中文字体');
      const html = await t.as('leader', {
        method: 'GET',
        url: '/api/analytics/reports/monthly?period=2026-03',
      });
      expect(html.statusCode).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.JIESU_PDF_FONT;
      else process.env.JIESU_PDF_FONT = saved;
    }
  });

  it('names the period in a 400, and refuses handlers and anonymous users', async () => {
    for (const [kind, period] of [
      ['monthly', '2026-13'],
      ['quarterly', '2026-11'],
      ['daily', '2026-11'],
      ['annual', '2026-Q4'],
    ]) {
      const bad = await t.as('leader', {
        method: 'GET',
        url: `/api/analytics/reports/${kind}?period=${period}`,
      });
      expect(bad.statusCode, `${kind} ${period}`).toBe(400);
      expect(bad.json().error.details.field).toBe('querystring.period');
    }
    const badKind = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/reports/weekly?period=2026-11',
    });
    expect(badKind.statusCode).toBe(400);
    const badFormat = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/reports/monthly?period=2026-03&format=docx',
    });
    expect(badFormat.statusCode).toBe(400);
    const handler = await t.as('handler', {
      method: 'GET',
      url: '/api/analytics/reports/monthly?period=2026-03',
    });
    expect(handler.statusCode).toBe(403);
    const anonymous = await t.as(null, {
      method: 'GET',
      url: '/api/analytics/reports/monthly?period=2026-03',
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
