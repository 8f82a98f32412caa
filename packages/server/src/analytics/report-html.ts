/**
 * The report's layout, pure: `reportSections` turns a Report into titled sections of paragraphs and
 * tables (one model, so the printable HTML and the PDF always hold the same sections), and
 * `renderReportHtml` writes them as a self-contained page with print CSS for A4.
 */
import { type AssessmentCard, MEASURE_LABELS, type MeasureName, type Measures } from '../domain/measures.ts';
import { type Comparison, ISSUE_MIN_PEOPLE, type Report, type VolumeRow } from './reports.ts';

/** red / yellow: a card; good / bad: a change for the better or the worse. */
export type Tone = 'red' | 'yellow' | 'good' | 'bad';
export type Cell = string | { text: string; tone?: Tone };
export interface Table {
  caption?: string;
  headers: string[];
  /** Relative column widths (the PDF uses them; the HTML lets the browser fit). */
  widths: number[];
  rows: Cell[][];
  empty: string;
}
export interface Section {
  id: string;
  title: string;
  paragraphs: string[];
  tables: Table[];
  /** Notes in small print under the section. */
  notes: string[];
}

export const pct = (r: number | null | undefined, digits = 1) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`;
const int = (n: number) => n.toLocaleString('zh-CN');

/**
 * Change of a count: +12.5% (none when the window before had nothing). Volumes are neither good nor
 * bad; `worseUp` marks a count where a rise is bad (超期数).
 */
export function countChange(now: number, before: number | undefined, worseUp = false): Cell {
  if (before === undefined) return '—';
  if (before === 0) return now === 0 ? '持平' : '新增';
  const c = (now - before) / before;
  if (Math.abs(c) < 0.0005) return '持平';
  const t = `${c > 0 ? '+' : ''}${(c * 100).toFixed(1)}%`;
  return worseUp ? { text: t, tone: c > 0 ? 'bad' : 'good' } : t;
}

/** Change of a rate in percentage points: +1.2 个百分点, coloured by whether it is for the better. */
export function rateChange(
  now: number | null,
  before: number | null | undefined,
  lowerIsBetter = false,
): Cell {
  if (now === null || before === null || before === undefined) return '—';
  const d = (now - before) * 100;
  if (Math.abs(d) < 0.05) return '持平';
  return {
    text: `${d > 0 ? '+' : ''}${d.toFixed(1)} 个百分点`,
    tone: d > 0 !== lowerIsBetter ? 'good' : 'bad',
  };
}

/** Rates where a fall is the improvement. */
const LOWER_IS_BETTER: ReadonlySet<MeasureName> = new Set(['redoRate', 'returnRate']);

const HEADLINE_RATES: MeasureName[] = [
  'responseRate',
  'completionRate',
  'onTimeRate',
  'resolutionRate',
  'satisfactionRate',
  'directAnswerRate',
  'redoRate',
  'returnRate',
];
const CARD_TEXT: Record<AssessmentCard, Cell> = {
  none: '',
  yellow: { text: '黄牌', tone: 'yellow' },
  red: { text: '红牌', tone: 'red' },
};
const text = (c: Cell) => (typeof c === 'string' ? c : c.text);

function volumeTable(rows: VolumeRow[], comparisons: Comparison[], first: string, empty: string): Table {
  const total = rows.reduce((s, r) => s + r.received, 0);
  return {
    headers: [first, '受理量', '占比', ...comparisons.flatMap((c) => [c.label, c.name])],
    widths: [3, 1.2, 1.2, ...comparisons.flatMap(() => [1.6, 1.4])],
    rows: rows.map((r) => [
      r.name,
      int(r.received),
      pct(total === 0 ? null : r.received / total),
      ...comparisons.flatMap((c) => [int(r.compare[c.key] ?? 0), countChange(r.received, r.compare[c.key])]),
    ]),
    empty,
  };
}

export function reportSections(r: Report): Section[] {
  const h = r.headline;
  const m = h.measures;
  const sections: Section[] = [];
  const cmp = r.comparisons;
  /** ，环比 +12.5% — left out where there is nothing to compare with. */
  const changeText = (name: string, c: Cell) => {
    const t = text(c);
    if (t === '—' || t === '新增') return '';
    return t === '持平' ? `，${name}持平` : `，${name} ${t}`;
  };
  const summary = [
    `${r.label}（${r.range.from} 至 ${r.asOf ?? r.range.to}），全市热线共受理群众诉求 ${int(h.counters.received)} 件` +
      cmp
        .map((c) => changeText(c.name, countChange(h.counters.received, h.compare[c.key]?.counters.received)))
        .join('') +
      `；派单 ${int(h.counters.dispatched)} 件，办结 ${int(h.counters.closed)} 件，回访 ${int(h.counters.visited)} 件。`,
    `响应率 ${pct(m.responseRate)}，办结率 ${pct(m.completionRate)}，按时办结率 ${pct(m.onTimeRate)}，` +
      `解决率 ${pct(m.resolutionRate)}，满意率 ${pct(m.satisfactionRate)}；超期 ${int(m.overdueCount)} 件。`,
  ];
  const counts: {
    label: string;
    pick: (f: { counters: Report['headline']['counters']; measures: Measures }) => number;
  }[] = [
    { label: '受理量', pick: (f) => f.counters.received },
    { label: '派单量', pick: (f) => f.counters.dispatched },
    { label: '办结量', pick: (f) => f.counters.closed },
    { label: '回访量', pick: (f) => f.counters.visited },
  ];
  sections.push({
    id: 'headline',
    title: '一、总体情况',
    paragraphs: summary,
    tables: [
      {
        headers: ['指标', '本期', ...cmp.flatMap((c) => [c.label, c.name])],
        widths: [2.2, 1.6, ...cmp.flatMap(() => [1.6, 1.8])],
        rows: [
          ...counts.map((k) => [
            k.label,
            int(k.pick(h)),
            ...cmp.flatMap((c) => {
              const f = h.compare[c.key];
              return [f ? int(k.pick(f)) : '—', countChange(k.pick(h), f ? k.pick(f) : undefined)];
            }),
          ]),
          ...HEADLINE_RATES.map((k) => [
            MEASURE_LABELS[k],
            pct(m[k]),
            ...cmp.flatMap((c) => [
              pct(h.compare[c.key]?.measures[k]),
              rateChange(m[k], h.compare[c.key]?.measures[k], LOWER_IS_BETTER.has(k)),
            ]),
          ]),
          [
            MEASURE_LABELS.overdueCount,
            int(m.overdueCount),
            ...cmp.flatMap((c) => {
              const f = h.compare[c.key];
              return [
                f ? int(f.measures.overdueCount) : '—',
                countChange(m.overdueCount, f?.measures.overdueCount, true),
              ];
            }),
          ],
        ],
        empty: '本期暂无数据',
      },
    ],
    notes: [
      '环比与上一统计期比较，同比与上年同期比较；比率的变化以百分点表示。',
      '满意率 =（满意 + 基本满意）÷ 回访量，两者权重均为 1；各指标口径见 docs/measures.md。',
    ],
  });

  sections.push({
    id: 'types',
    title: '二、诉求类型',
    paragraphs: [],
    tables: [volumeTable(r.byType, cmp, '诉求类型', '本期暂无受理')],
    notes: [],
  });
  sections.push({
    id: 'categories',
    title: '三、事项分类（一级分类前十）',
    paragraphs: [],
    tables: [volumeTable(r.topCategories, cmp, '事项分类', '本期暂无受理')],
    notes: [],
  });

  if (r.ranking) {
    const w = r.settings.weights;
    const cards = r.ranking.flatMap((t) => t.rows);
    const red = cards.filter((x) => x.card === 'red').length;
    const yellow = cards.filter((x) => x.card === 'yellow').length;
    sections.push({
      id: 'ranking',
      title: '四、单位考核排名',
      paragraphs: [
        `得分 = 响应率×${w.response} + 解决率×${w.resolution} + 满意率×${w.satisfaction}（按权重之和折算为百分制）。` +
          `本期红牌 ${red} 个、黄牌 ${yellow} 个（红牌：响应率低于 ${pct(r.settings.red.response, 0)} 或满意率低于 ${pct(r.settings.red.satisfaction, 0)}；` +
          `黄牌：响应率低于 ${pct(r.settings.yellow.response, 0)} 或满意率低于 ${pct(r.settings.yellow.satisfaction, 0)}；派单少于 ${r.settings.minDispatched} 件不亮牌）。`,
      ],
      tables: r.ranking.map((t) => ({
        caption: t.tierLabel,
        headers: ['排名', '单位', '得分', '派单量', '响应率', '解决率', '满意率', '超期数', '红黄牌'],
        widths: [0.8, 3.2, 1, 1, 1, 1, 1, 0.9, 0.9],
        rows: t.rows.map((x) => [
          x.rank === null ? '—' : String(x.rank),
          x.unitName,
          x.score === null ? '—' : x.score.toFixed(2),
          int(x.counters.dispatched),
          pct(x.measures.responseRate),
          pct(x.measures.resolutionRate),
          pct(x.measures.satisfactionRate),
          int(x.measures.overdueCount),
          CARD_TEXT[x.card],
        ]),
        empty: '本期该类单位暂无考核数据',
      })),
      notes:
        r.kind === 'monthly'
          ? []
          : ['季度、年度排名按整个期间的累计数据，以月度考核的权重和红黄牌阈值计算。'],
    });
  }

  const n = (k: number) => ['一', '二', '三', '四', '五', '六', '七'][k] ?? String(k + 1);
  let next = sections.length;
  sections.push({
    id: 'overdue',
    title: `${n(next++)}、超期情况`,
    paragraphs: [
      `本期应办结工单中超期 ${int(r.overdue.count)} 件（已办结但超过办理时限的，及至今未办结且已超过时限的）。`,
    ],
    tables: [
      {
        caption: '超期较多的承办单位',
        headers: ['承办单位', '超期数'],
        widths: [4, 1],
        rows: r.overdue.byUnit.map((u) => [u.unitName, int(u.count)]),
        empty: '本期没有超期工单',
      },
    ],
    notes: [],
  });

  sections.push({
    id: 'hot',
    title: `${n(next++)}、热点事项`,
    paragraphs: [],
    tables: r.hotMatters.map((w) => ({
      caption: r.hotMatters.length > 1 ? `${w.label}（${w.period.from} 至 ${w.period.to}）` : undefined,
      headers: ['排名', '热点事项', '人数', '件数', '人数增长', '分类', '涉及地点'],
      widths: [0.7, 4, 0.8, 0.8, 1, 1.6, 2],
      rows: w.items.map((x) => [
        String(x.rank),
        x.title,
        int(x.people),
        int(x.orderCount),
        x.growth > 0 ? { text: `+${Math.round(x.growth * 100)}%`, tone: 'bad' as const } : '—',
        x.categoryName ?? '—',
        x.places.slice(0, 3).join('、') || '—',
      ]),
      empty: '本期没有两人以上反映的热点事项',
    })),
    notes: [
      '热点按文本和地点聚类，以热度指数（人数、点赞、增长）排序；人数增长与上一同长度窗口比较。',
      ...(r.hotMatters.some((w) => w.truncated) ? ['本期工单较多，热点只统计了最近的 5000 件。'] : []),
    ],
  });

  if (r.monthlyIssue) {
    const c = r.monthlyIssue.candidates;
    sections.push({
      id: 'monthly-issue',
      title: `${n(next++)}、「每月一题」候选`,
      paragraphs: c.length
        ? c.flatMap((x) => [
            `候选${n(x.rank - 1)}：${x.hotMatter.title}（候选分 ${x.score.toFixed(2)}）`,
            `推荐理由：${x.reasons.join('；')}。`,
            `样本工单：${x.hotMatter.orders
              .slice(0, 3)
              .map((o) => `${o.number}「${o.title}」`)
              .join('、')}`,
          ])
        : [`本月没有 ${ISSUE_MIN_PEOPLE} 人以上反映的热点事项，暂无候选。`],
      tables: [],
      notes: [`推荐规则：${r.monthlyIssue.rule}`],
    });
  }
  return sections;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every text from the data (order titles, unit names) goes through this. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

function cellHtml(c: Cell, tag: 'td' | 'th') {
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${tag}>`;
  return `<${tag} class="tone-${c.tone ?? ''}">${escapeHtml(c.text)}</${tag}>`;
}

function tableHtml(t: Table) {
  const head = `<thead><tr>${t.headers.map((x) => cellHtml(x, 'th')).join('')}</tr></thead>`;
  const body =
    t.rows.length === 0
      ? `<tbody><tr><td class="empty" colspan="${t.headers.length}">${escapeHtml(t.empty)}</td></tr></tbody>`
      : `<tbody>${t.rows.map((row) => `<tr>${row.map((c) => cellHtml(c, 'td')).join('')}</tr>`).join('')}</tbody>`;
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
  return `<table>${caption}${head}${body}</table>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { background: #f0f2f5; }
body { margin: 0; color: #1f1f1f; font: 13px/1.7 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.paper { width: 210mm; min-height: 297mm; margin: 16px auto; padding: 16mm 14mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.12); }
.toolbar { width: 210mm; margin: 16px auto 0; display: flex; gap: 8px; justify-content: flex-end; }
.toolbar button { font: inherit; padding: 4px 16px; border: 1px solid #1677ff; background: #1677ff; color: #fff; border-radius: 6px; cursor: pointer; }
header { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 10px; margin-bottom: 14px; }
header h1 { margin: 0 0 6px; font-size: 22px; color: #c00; letter-spacing: 1px; }
header .meta { color: #595959; font-size: 12px; }
h2 { font-size: 16px; margin: 18px 0 8px; padding-left: 8px; border-left: 4px solid #1677ff; break-after: avoid; page-break-after: avoid; }
p { margin: 4px 0; text-indent: 2em; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; font-size: 12px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #bfbfbf; padding: 3px 6px; text-align: center; }
th { background: #f5f5f5; font-weight: 600; }
td:nth-child(2) { text-align: left; }
#headline td:first-child, #types td:first-child, #categories td:first-child { text-align: left; }
#headline td:nth-child(2), #types td:nth-child(2), #categories td:nth-child(2) { text-align: center; }
td.empty { color: #8c8c8c; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.tone-red { color: #fff; background: #cf1322; font-weight: 600; }
.tone-yellow { color: #613400; background: #fadb14; font-weight: 600; }
.tone-bad { color: #cf1322; }
.tone-good { color: #389e0d; }
.notes { color: #8c8c8c; font-size: 11px; margin: 2px 0 0; }
.notes p { text-indent: 0; margin: 0; }
section.issue .candidate { border: 1px solid #ffd591; background: #fff7e6; border-radius: 6px; padding: 6px 10px; margin: 6px 0; break-inside: avoid; page-break-inside: avoid; }
section.issue .candidate p { text-indent: 0; }
section.issue .candidate p:first-child { font-weight: 600; color: #ad4e00; }
#ranking { break-before: page; page-break-before: always; }
footer { margin-top: 18px; color: #8c8c8c; font-size: 11px; text-align: right; }
@media print {
  html { background: #fff; }
  .toolbar { display: none; }
  .paper { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .tone-red, .tone-yellow, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

export function renderReportHtml(r: Report): string {
  const sections = reportSections(r);
  const body = sections
    .map((s) => {
      const paragraphs =
        s.id === 'monthly-issue' && r.monthlyIssue?.candidates.length
          ? chunk(s.paragraphs, 3)
              .map((c) => `<div class="candidate">${c.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div>`)
              .join('')
          : s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      const notes = s.notes.length
        ? `<div class="notes">${s.notes.map((x) => `<p>注：${escapeHtml(x)}</p>`).join('')}</div>`
        : '';
      return `<section id="${s.id}"${s.id === 'monthly-issue' ? ' class="issue"' : ''}><h2>${escapeHtml(s.title)}</h2>${paragraphs}${s.tables.map(tableHtml).join('')}${notes}</section>`;
    })
    .join('\n');
  const compared = r.comparisons.map((c) => `${c.name}：${c.label}`).join('；');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="window.print()">打印 / 另存为 PDF</button></div>
<main class="paper">
<header>
<h1>${escapeHtml(r.title)}</h1>
<div class="meta">统计期间：${escapeHtml(periodText(r))}</div>
${compared ? `<div class="meta">对比期间：${escapeHtml(compared)}</div>` : ''}
</header>
${body}
<footer>${escapeHtml(r.cityName)}12345政务服务便民热线　生成时间：${escapeHtml(formatCst(r.generatedAt))}</footer>
</main>
</body>
</html>
`;
}

/** 2026-12-01 至 2026-12-31（数据截至 2026-12-06，统计期未结束） */
export const periodText = (r: Pick<Report, 'range' | 'asOf'>) =>
  `${r.range.from} 至 ${r.range.to}${r.asOf ? `（数据截至 ${r.asOf}，统计期未结束）` : ''}`;

/** An instant as China Standard Time, 2026-11-30 18:05. */
export const formatCst = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const chunk = <T>(xs: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));
