/**
 * Knowledge-base scale: generates N realistic entries from hotline vocabulary (deterministic PRNG),
 * indexes them (jieba words → tsvector literal, character bigrams; multi-row INSERTs), then times
 * answering a few hundred citizen-style questions (POST /api/knowledge/answer's service, in-process).
 *
 *   npm run bench:kb -- [--entries 40000] [--queries 300] [--database-url postgres://…/postgres]
 *
 * Without --database-url it runs on an in-memory PGlite; with it, it creates the database
 * jiesu_bench_kb on that server. The last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Context } from '../packages/server/src/context.ts';
import { Rng } from '../packages/server/src/demo/prng.ts';
import { answerQuestion } from '../packages/server/src/knowledge/answer.ts';
import { documentFrequencies, searchColumns } from '../packages/server/src/knowledge/search.ts';
import { loadSynonyms } from '../packages/server/src/knowledge/synonyms.ts';
import { ReferenceData } from '../packages/server/src/organisation/reference-data.ts';
import { type Db, openPglite, openPostgres } from '../packages/server/src/platform/db.ts';
import { migrate } from '../packages/server/src/platform/migrate.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '40000' },
    queries: { type: 'string', default: '300' },
    'database-url': { type: 'string' },
  },
});
const N = Number(values.entries);
const Q = Number(values.queries);

const SUBJECTS = [
  '住房公积金',
  '公积金贷款',
  '城乡居民医保',
  '职工医保',
  '医保报销',
  '异地就医',
  '养老保险',
  '失业保险金',
  '工伤认定',
  '生育津贴',
  '社保卡',
  '不动产登记',
  '房产证',
  '户口迁移',
  '居住证',
  '身份证',
  '驾驶证',
  '机动车年检',
  '营业执照',
  '个体工商户',
  '食品经营许可',
  '物业服务',
  '物业费',
  '供暖费',
  '自来水',
  '燃气开户',
  '阶梯电价',
  '公交卡',
  '出租车投诉',
  '小学入学',
  '幼儿园报名',
  '低保',
  '临时救助',
  '残疾人补贴',
  '高龄津贴',
  '殡葬补贴',
  '法律援助',
  '个人所得税',
  '契税',
  '土地承包',
  '耕地地力补贴',
  '垃圾分类',
  '施工噪音',
  '餐饮油烟',
  '占道经营',
  '违章建筑',
  '老旧小区改造',
  '加装电梯',
  '公共租赁住房',
  '人才公寓',
  '创业担保贷款',
  '就业补贴',
  '职业技能培训',
  '劳动仲裁',
  '拖欠工资',
  '预付卡退费',
  '消费投诉',
  '价格投诉',
  '护照',
  '港澳通行证',
  '结婚登记',
  '出生医学证明',
  '预防接种',
  '育儿补贴',
];
const ACTIONS = [
  '申请',
  '办理',
  '变更',
  '注销',
  '补领',
  '转移接续',
  '提取',
  '缴费',
  '报销',
  '查询',
  '投诉',
  '备案',
  '认定',
  '续期',
];
const ASPECTS = [
  '条件',
  '所需材料',
  '办理流程',
  '办理时限',
  '收费标准',
  '办理地点',
  '常见问题',
  '政策解读',
  '网上办理',
];
const PLACES = [
  '江滨区',
  '南湖区',
  '青溪县',
  '长岭区',
  '望江街道',
  '沿江街道',
  '翠微街道',
  '临川街道',
  '东湖街道',
];
const UNITS = [
  '市人力资源和社会保障局',
  '市医疗保障局',
  '市住房公积金管理中心',
  '市公安局',
  '市市场监督管理局',
  '市民政局',
];
const FILLERS = ['请问', '你好，', '我想问一下', '麻烦问下', '', '', '我家里', '我们小区'];
const TAILS = [
  '要带什么材料',
  '怎么弄',
  '去哪里办',
  '要多久',
  '多少钱',
  '需要什么条件',
  '能网上办吗',
  '找哪个部门',
];

function makeEntry(r: Rng, i: number) {
  const subject = r.pick(SUBJECTS);
  const action = r.pick(ACTIONS);
  const aspect = r.pick(ASPECTS);
  const place = r.chance(0.3) ? r.pick(PLACES) : '';
  const title = `${place}${subject}${action}${aspect}（${i}）`;
  const n = r.int(3, 60);
  const sentences = [
    `${subject}${action}须符合以下条件：本市户籍或持有效居住证，连续缴存满 ${r.int(3, 24)} 个月。`,
    `申请人携带身份证、${r.pick(['户口簿', '劳动合同', '不动产权证书', '银行卡', '结婚证'])}等材料到${place || '市政务服务中心'}窗口办理。`,
    `办理时限为 ${n} 个工作日，${r.chance(0.5) ? '不收取费用' : `收费标准为每件 ${r.int(5, 200)} 元`}。`,
    `也可通过“临江政务”网上办理${subject}${action}，进度可在 12345 热线查询。`,
    `${r.pick(UNITS)}负责解释，咨询电话见官网。`,
  ];
  const body = r.shuffle(sentences).slice(0, r.int(3, 5));
  return {
    title,
    bodyHtml: body.map((s) => `<p>${s}</p>`).join(''),
    bodyText: body.join('\n'),
    questions: [`${subject}怎么${action}`, `${action}${subject}要什么${aspect}`],
    tags: [subject, action],
    steps: r.chance(0.3) ? ['网上预约', '窗口提交材料', '审核', '领取结果'] : [],
  };
}

function makeQuestion(r: Rng): string {
  const subject = r.pick(SUBJECTS);
  const action = r.pick(ACTIONS);
  return `${r.pick(FILLERS)}${subject}${r.chance(0.5) ? action : ''}${r.pick(TAILS)}`;
}

async function openBenchDb(): Promise<Db> {
  const base = values['database-url'];
  if (!base) return openPglite();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS jiesu_bench_kb WITH (FORCE)');
  await admin.query('CREATE DATABASE jiesu_bench_kb');
  await admin.end();
  const url = new URL(base);
  url.pathname = '/jiesu_bench_kb';
  return openPostgres(url.toString());
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 100) / 100;
};

async function main() {
  const db = await openBenchDb();
  await migrate(db);
  await db.query(
    "INSERT INTO knowledge_synonyms (terms) VALUES ('{公积金,住房公积金}'), ('{医保,医疗保险}'), ('{低保,最低生活保障}')",
  );
  const syn = await loadSynonyms(db);
  const r = new Rng(20260522);

  // Indexing: segmentation + multi-row INSERTs, 500 entries a statement.
  const t0 = performance.now();
  let segmentMs = 0;
  const BATCH = 500;
  for (let start = 0; start < N; start += BATCH) {
    const rows: unknown[] = [];
    const tuples: string[] = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const e = makeEntry(r, i);
      const s0 = performance.now();
      const c = searchColumns({ ...e, caseLabel: null }, syn);
      segmentMs += performance.now() - s0;
      const k = rows.length;
      tuples.push(
        `('guide', 'published', $${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6}, $${k + 7}::tsvector, $${k + 8}, $${k + 9}::tsvector, '2026-01-01', 'seed')`,
      );
      rows.push(e.title, e.bodyHtml, e.bodyText, e.questions, e.steps, e.tags, c.tsv, c.bigrams, c.headTsv);
    }
    await db.query(
      `INSERT INTO knowledge_entries (kind, state, title, body_html, body_text, questions, steps, tags, search_tsv, bigrams, head_tsv, last_reviewed_on, origin)
       VALUES ${tuples.join(', ')}`,
      rows,
    );
  }
  const indexS = (performance.now() - t0) / 1000;
  await db.query('ANALYZE knowledge_entries');
  console.log(
    `indexed ${N} entries in ${indexS.toFixed(1)} s (segmentation ${(segmentMs / 1000).toFixed(1)} s)`,
  );

  const ctx = {
    db,
    refs: new ReferenceData(db),
    now: () => new Date('2026-06-01T10:00:00+08:00'),
  } as unknown as Context;
  const c0 = performance.now();
  await documentFrequencies(db);
  const dfLoadMs = performance.now() - c0;
  const qr = new Rng(7);
  const questions = Array.from({ length: Q }, () => makeQuestion(qr));
  for (const q of questions.slice(0, 10))
    await answerQuestion(ctx, { question: q, channel: 'desk', record: false });
  const times: number[] = [];
  let answered = 0;
  for (const q of questions) {
    const s = performance.now();
    const a = await answerQuestion(ctx, { question: q, channel: 'desk', record: false });
    times.push(performance.now() - s);
    if (a.answers.length || a.clarify) answered++;
  }
  await db.close();
  console.log(
    JSON.stringify({
      database: values['database-url'] ? 'postgres' : 'pglite',
      entries: N,
      queries: Q,
      index_s: Math.round(indexS * 10) / 10,
      entries_per_s: Math.round(N / indexS),
      segment_entries_per_s: Math.round(N / (segmentMs / 1000)),
      df_table_load_ms: Math.round(dfLoadMs),
      answer_p50_ms: pct(times, 50),
      answer_p95_ms: pct(times, 95),
      answer_max_ms: pct(times, 100),
      answered_share: Math.round((answered / Q) * 1000) / 1000,
    }),
  );
}

await main();
