/**
 * Chinese search over the knowledge base. Two stages:
 *
 * 1. Candidates from PostgreSQL: the question's words (jieba) and their synonyms as an OR tsquery
 *    against the GIN-indexed `search_tsv`, best `ts_rank` first; when that finds few, character
 *    bigrams (`bigrams && …`, GIN) catch names and typos.
 * 2. Ranking here: each concept of the question (a word, or a synonym group) weighs its inverse
 *    document frequency, and also how specific it is in Chinese at large (jieba's IDF table); the
 *    match features of each entry — how much of that weight its title, question variants, case
 *    label / tags and body hold, the bigram likeness of the question to its title and question
 *    variants, the text rank — go to the trained ranker (ranker.ts), whose score is the
 *    probability that the entry answers the question (0…1).
 */

import type { Segmenter } from '../dispatch/model/segmenter.ts';
import { normalise } from '../dispatch/model/text.ts';
import type { Queryable } from '../platform/db.ts';
import { type MatchFeatures, noMatch, type RankerWeights, scoreCandidates } from './ranker.ts';
import { loadSynonyms, type SynonymSet } from './synonyms.ts';
import { bigramsOf, dice, quoteLexeme, STOP_WORDS, segmenterFor, tsvectorLiteral, wordsOf } from './text.ts';

export interface IndexedFields {
  title: string;
  questions: readonly string[];
  caseLabel: string | null;
  tags: readonly string[];
  bodyText: string;
  steps: readonly string[];
}

/** The search columns of an entry: the tsvector literal and the bigram array. */
export function searchColumns(
  e: IndexedFields,
  syn: SynonymSet,
): { tsv: string; headTsv: string; bigrams: string[] } {
  const seg = segmenterFor(syn.terms);
  const w = (t: string) => wordsOf(t, seg);
  const head = [
    { words: w(e.title), weight: 'A' as const },
    { words: e.questions.flatMap(w), weight: 'B' as const },
    { words: [...w(e.caseLabel ?? ''), ...e.tags.flatMap(w)], weight: 'B' as const },
  ];
  const tsv = tsvectorLiteral([...head, { words: [...w(e.bodyText), ...e.steps.flatMap(w)], weight: 'C' }]);
  const bigrams = bigramsOf([e.title, ...e.questions, e.caseLabel ?? '', ...e.tags].join(' '));
  return { tsv, headTsv: tsvectorLiteral(head), bigrams };
}

export interface Concept {
  /** Interchangeable terms (a word, or a synonym group). */
  terms: string[];
  weight: number;
  /** The words of each multi-word term (异地就医 → 异地, 就医): present when all of them are. */
  parts?: string[][];
}

export interface ParsedQuery {
  text: string;
  concepts: Concept[];
  /** Any concept (OR). */
  tsquery: string;
  /** Every concept (AND), when there are two or more: the precise first pass. */
  allQuery: string | null;
  bigrams: string[];
}

/**
 * Splits a question into concepts: synonym groups found in it, then the remaining words; a word no
 * entry holds brings the known words one character away (typos) as alternatives.
 */
export function parseQuery(
  question: string,
  syn: SynonymSet,
  dfs?: DfTable,
): Omit<ParsedQuery, 'concepts'> & { concepts: { terms: string[]; typo?: boolean }[] } {
  const seg = segmenterFor(syn.terms);
  const text = normalise(question);
  const concepts: { terms: string[]; typo?: boolean }[] = [];
  const matched: string[] = [];
  // A group counts only for words of its own: 社保 inside 社保卡 (医保 inside 居民医保) is no second
  // concept; counting it twice let every entry naming the common word outrank the specific one.
  const allHits = syn.groups.flatMap((g) => g.filter((t) => text.includes(t)));
  for (const g of syn.groups) {
    const hit = g.filter((t) => {
      if (!text.includes(t)) return false;
      let rest = text;
      for (const h of allHits)
        if (h.length > t.length && h.includes(t) && !g.includes(h)) rest = rest.split(h).join('|');
      return rest.includes(t);
    });
    if (hit.length === 0) continue;
    // Two groups listing the same term are one concept of the question.
    const same = concepts.find((c) => hit.some((t) => c.terms.includes(t)));
    if (same) same.terms = [...new Set([...same.terms, ...g])];
    else concepts.push({ terms: [...g] });
    matched.push(...hit);
  }
  // Runs of single Han characters are joined again (医/宝 → 医宝) so that a typo can be matched;
  // such a run is no dictionary word, which is what makes it a likely typo.
  const words: string[] = [];
  const joined = new Set<string>();
  let run = '';
  const flush = () => {
    if (run) words.push(run);
    if ([...run].length > 1) joined.add(run);
    run = '';
  };
  for (const w of wordsOf(text, seg)) {
    if ([...w].length === 1 && /\p{Script=Han}/u.test(w) && !(dfs?.df.has(w) && !run)) run += w;
    else {
      flush();
      words.push(w);
    }
  }
  flush();
  const synTerms = new Set(syn.terms);
  const seen = new Set<string>();
  const pushTypo = (word: string, near: string) => {
    matched.push(word);
    // A neighbour the question already names (医保一 → 医保卡 when 医保 is there) adds nothing.
    const group = syn.groups.find((g) => g.includes(near));
    if (concepts.some((c) => c.terms.includes(near)) || group?.some((t) => text.includes(t))) return;
    concepts.push({ terms: [...new Set([near, ...(group ?? [])])], typo: true });
  };
  // Typos that the segmenter split (公基金 → 公/基金): a synonym term of three or more characters
  // one character away from a stretch of the question.
  if (dfs)
    for (const term of syn.terms) {
      const t = [...term];
      if (t.length < 3 || text.includes(term) || !dfs.df.has(term)) continue;
      const chars = [...text];
      for (let i = 0; i + t.length <= chars.length; i++) {
        const win = chars.slice(i, i + t.length);
        const diff = win.flatMap((c, j) => (c === t[j] ? [] : [j]));
        if (diff.length !== 1 || diff[0] === 0 || !/\p{Script=Han}/u.test(win.join(''))) continue;
        const w = win.join('');
        if (words.includes(w) || matched.some((m) => m.includes(w))) continue;
        pushTypo(w, term);
        break;
      }
    }
  for (const word of words) {
    if (seen.has(word) || matched.some((m) => m.includes(word))) continue;
    seen.add(word);
    if (dfs && !dfs.df.has(word) && !/[哪的了在个吗呢吧啊我你他她这那么怎啥咋要去来给]/.test(word)) {
      // Only towards words editors care about (synonym terms): 医宝 → 医保, 身分证 → 身份证. A
      // dictionary word of two characters (明年, 上海) is no typo of a term sharing one character
      // (老年, 上学); and a typo rarely changes the first character (卖房子 is not 租房子).
      const chars = [...word];
      const near = nearWords(word, dfs, 12).filter(
        (w) => synTerms.has(w) && (chars.length > 2 || joined.has(word)) && [...w][0] === chars[0],
      );
      if (near.length) {
        pushTypo(word, near[0] as string);
        continue;
      }
    }
    if (dfs && !dfs.df.has(word) && [...word].length > 1) {
      // A word no entry holds (能报, 哪交): its known pieces, longest first from each position.
      const chars = [...word];
      const pieces: string[] = [];
      for (let i = 0; i < chars.length; ) {
        let len = chars.length - i;
        while (len > 0 && !(dfs.df.has(chars.slice(i, i + len).join('')) && len < chars.length)) len--;
        if (len === 0) i++;
        else {
          pieces.push(chars.slice(i, i + len).join(''));
          i += len;
        }
      }
      const fresh = pieces.filter((p) => !seen.has(p) && !STOP_WORDS.has(p));
      if (fresh.length) {
        for (const p of fresh) {
          seen.add(p);
          concepts.push({ terms: [p] });
        }
        continue;
      }
    }
    concepts.push({ terms: [word] });
  }
  // Words held by a large share of entries (办理, 申请) only rank: they stay out of the candidate
  // query when rarer words are there, which keeps the rows the index returns few.
  const share = (c: { terms: string[] }) => {
    if (!dfs || dfs.n === 0) return 0;
    let df = 0;
    for (const t of c.terms) df += Math.min(...wordsOf(t, seg).map((k) => dfs.df.get(k) ?? 0), dfs.n);
    return df > COMMON_MIN_DF ? df / dfs.n : 0;
  };
  const shares = concepts.map(share);
  // Words no entry holds select nothing; typos come with their known neighbours.
  const known = concepts.filter(
    (c) => !dfs || c.typo || c.terms.some((t) => wordsOf(t, seg).every((k) => dfs.df.has(k))),
  );
  const rare = known.filter((c) => (shares[concepts.indexOf(c)] ?? 0) <= COMMON_SHARE);
  const byShare = [...known].sort(
    (a, b) => (shares[concepts.indexOf(a)] ?? 0) - (shares[concepts.indexOf(b)] ?? 0),
  );
  const forQuery = rare.length > 0 ? rare : byShare.length > 0 ? byShare.slice(0, 2) : concepts;
  const alternatives = new Set<string>();
  const groups: string[] = [];
  for (const c of forQuery) {
    const mine = new Set<string>();
    for (const t of c.terms) {
      const toks = [...new Set(wordsOf(t, seg))];
      if (toks.length === 1) mine.add(quoteLexeme(toks[0] as string));
      else if (toks.length > 1) mine.add(`(${toks.map(quoteLexeme).join(' & ')})`);
    }
    for (const m of mine) alternatives.add(m);
    if (mine.size && !c.typo) groups.push(`(${[...mine].join(' | ')})`);
  }
  return {
    text,
    concepts,
    tsquery: [...alternatives].join(' | '),
    allQuery: groups.length >= 2 ? groups.join(' & ') : null,
    bigrams: bigramsOf(text),
  };
}

/** A word in more than this share of entries does not select candidates (it still ranks them). */
const COMMON_SHARE = 0.03;
const COMMON_MIN_DF = 300;

// ── document frequencies (for the weight of a concept) ──────────────────────────────────────

interface DfTable {
  n: number;
  df: Map<string, number>;
  /** Words of 2–4 characters by each one-character wildcard pattern ('低?', '?保'), for typos. */
  near: Map<string, string[]>;
  /** charFrequency's cache. */
  charDf: Map<string, number>;
}

function nearIndex(words: Iterable<string>): Map<string, string[]> {
  const near = new Map<string, string[]>();
  for (const w of words) {
    const chars = [...w];
    if (chars.length < 2 || chars.length > 4 || !/\p{Script=Han}/u.test(w)) continue;
    for (let i = 0; i < chars.length; i++) {
      const key = chars.map((c, j) => (j === i ? '?' : c)).join('');
      const list = near.get(key) ?? [];
      list.push(w);
      near.set(key, list);
    }
  }
  return near;
}

/** Known words one character away from an unknown word (医宝 → 医保, 公基金 → 公积金), most frequent first. */
export function nearWords(word: string, dfs: DfTable, max = 4): string[] {
  const chars = [...word];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++)
    for (const w of dfs.near.get(chars.map((c, j) => (j === i ? '?' : c)).join('')) ?? []) out.add(w);
  return [...out].sort((a, b) => (dfs.df.get(b) ?? 0) - (dfs.df.get(a) ?? 0)).slice(0, max);
}
const DF_TTL_MS = 10 * 60_000;
const dfCaches = new WeakMap<Queryable, { at: number; table: Promise<DfTable>; stale: boolean }>();

/** Word → number of published entries holding it, over the whole base; refreshed every 10 minutes. */
export function documentFrequencies(db: Queryable): Promise<DfTable> {
  const c = dfCaches.get(db);
  if (c && !c.stale && Date.now() - c.at < DF_TTL_MS) return c.table;
  const table = (async () => {
    const [count] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM knowledge_entries WHERE state = 'published'",
    );
    const rows = await db.query<{ word: string; ndoc: number }>(
      "SELECT word, ndoc FROM ts_stat('SELECT search_tsv FROM knowledge_entries WHERE state = ''published''')",
    );
    const df = new Map(rows.map((r) => [r.word, r.ndoc]));
    return { n: count?.n ?? 0, df, near: nearIndex(df.keys()), charDf: new Map() };
  })();
  // Serve the previous table while a new one loads.
  if (c) {
    table.then(() => dfCaches.set(db, { at: Date.now(), table, stale: false })).catch(() => {});
    c.at = Date.now();
    c.stale = false;
    return c.table;
  }
  dfCaches.set(db, { at: Date.now(), table, stale: false });
  table.catch(() => dfCaches.delete(db));
  return table;
}

/** Marks the frequencies for refresh after publications (the next search still uses the old ones). */
export function frequenciesChanged(db: Queryable) {
  const c = dfCaches.get(db);
  if (c) c.stale = true;
}

/** Entries holding a character inside longer words (税 in 契税, 税费), at most: the sum over those words. */
function charFrequency(ch: string, dfs: DfTable): number {
  let f = dfs.charDf.get(ch);
  if (f === undefined) {
    f = 0;
    for (const [w, d] of dfs.df) if (w.includes(ch)) f += d;
    f = Math.min(f, dfs.n);
    dfs.charDf.set(ch, f);
  }
  return f;
}

function conceptWeight(terms: readonly string[], dfs: DfTable, syn: SynonymSet, typo = false): number {
  const seg = segmenterFor(syn.terms);
  let df = 0;
  for (const t of terms) {
    const toks = wordsOf(t, seg);
    if (toks.length === 0) continue;
    df += Math.min(...toks.map((k) => dfs.df.get(k) ?? ([...k].length === 1 ? charFrequency(k, dfs) : 0)));
  }
  // A word no entry holds cannot tell entries apart (typos are caught by the bigrams instead).
  if (df === 0) return 0;
  const n = Math.max(dfs.n, 1);
  df = Math.min(df, n);
  // Single characters (好, 大) are mostly noise left by the segmenter in spoken questions.
  const single = terms.every((t) => [...t].length === 1) ? 0.4 : 1;
  // Numbers (三月, 六十, 五千) describe the caller's case, not the matter asked about.
  if (terms.every((t) => /^[零一二两三四五六七八九十百千万\d]+$/u.test(t))) return 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (typo ? 0.6 : 1) * single;
}

/**
 * How specific a concept is in Chinese at large (0…1): everyday words (家里, 两年, 开始) that happen
 * to be rare in the base weigh little against subject terms (医保, 漏水, 契税).
 */
function specificity(terms: readonly string[], seg: Segmenter): number {
  let g = 0;
  for (const t of terms) g = Math.max(g, seg.generalIdf(t));
  return Math.min(1, g / 12) ** 2;
}

// ── candidates and ranking ───────────────────────────────────────────────────────────────────

export interface SearchFilter {
  kinds?: readonly string[] | undefined;
  states?: readonly string[] | undefined;
  categoryIds?: readonly number[] | undefined;
  /** Entries for any of these regions or city-wide. */
  regionIds?: readonly number[] | undefined;
  ownerUnitId?: number | undefined;
  /** Only published entries valid on this day. */
  answerableOn?: string | undefined;
}

export interface CandidateRow {
  id: number;
  kind: string;
  state: string;
  title: string;
  questions: string[];
  steps: string[];
  tags: string[];
  body_text: string;
  case_group: string | null;
  case_label: string | null;
  region_ids: number[];
  source_title: string | null;
  source_url: string | null;
  expires_on: string | null;
  category_id: number | null;
  owner_unit_id: number | null;
  last_reviewed_on: string | null;
  effective_from: string | null;
  version: number;
  updated_at: Date;
  rank: number;
}

export interface Ranked {
  row: CandidateRow;
  /** The probability that the entry answers the question (ranker.ts). */
  score: number;
  /** Its share among the question's candidates, if the base answers it at all. */
  share: number;
  features: MatchFeatures;
  /** The question's concepts the entry names in its title, questions, label or tags → their weight. */
  named: Map<number, number>;
}

/** The WHERE clauses of a filter, with parameters numbered from `start`. */
export function filterSql(f: SearchFilter, start: number): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${start + params.length - 1}`;
  };
  if (f.kinds?.length) where.push(`kind = ANY(${p(f.kinds)}::text[])`);
  if (f.states?.length) where.push(`state = ANY(${p(f.states)}::text[])`);
  if (f.categoryIds) where.push(`category_id = ANY(${p(f.categoryIds)}::int[])`);
  if (f.regionIds) where.push(`(region_ids = '{}' OR region_ids && ${p(f.regionIds)}::int[])`);
  if (f.ownerUnitId) where.push(`owner_unit_id = ${p(f.ownerUnitId)}`);
  if (f.answerableOn) {
    const d = p(f.answerableOn);
    where.push(
      `state = 'published' AND (expires_on IS NULL OR expires_on >= ${d}::date) AND (effective_from IS NULL OR effective_from <= ${d}::date)`,
    );
  }
  return { where, params };
}

const COLUMNS = `id, kind, state, title, questions, steps, tags, body_text, case_group, case_label, region_ids,
  source_title, source_url, expires_on, category_id, owner_unit_id, last_reviewed_on, effective_from, version, updated_at`;

const CANDIDATES = 60;
/** The AND pass is enough when it finds this many. */
const ENOUGH = 20;
/** A pass ranks at most this many matching rows (questions made only of common words match thousands). */
const CANDIDATE_CAP = 500;

/** Ranks entries for a question; returns the parsed query (for passages) and the ranked entries. */
export async function rankEntries(
  db: Queryable,
  o: {
    question: string;
    filter: SearchFilter;
    preferRegionIds?: readonly number[];
    limit: number;
    /** Another model than the trained one (the trainer's cross-validation). */
    ranker?: RankerWeights | undefined;
  },
): Promise<{ query: ParsedQuery; ranked: Ranked[] }> {
  const syn = await loadSynonyms(db);
  const dfs = await documentFrequencies(db);
  const parsed = parseQuery(o.question, syn, dfs);
  const seg = segmenterFor(syn.terms);
  const concepts: Concept[] = parsed.concepts.map((c) => ({
    terms: c.terms,
    weight: conceptWeight(c.terms, dfs, syn, c.typo),
    parts: c.terms.map((t) => wordsOf(t, seg)).filter((p) => p.length > 1),
  }));
  const query: ParsedQuery = { ...parsed, concepts };
  if (concepts.length === 0 && parsed.bigrams.length === 0) return { query, ranked: [] };

  const rows = new Map<number, CandidateRow>();
  // First the entries holding every concept; then, when those are few, entries holding any. Each
  // pass takes at most CANDIDATE_CAP matching rows from the GIN index and ranks only their id and
  // tsvector; the full rows are read for the best CANDIDATES alone.
  const passes = [
    parsed.allQuery ? { q: parsed.allQuery, col: 'head_tsv' } : null,
    parsed.tsquery ? { q: parsed.tsquery, col: 'head_tsv' } : null,
    parsed.allQuery ? { q: parsed.allQuery, col: 'search_tsv' } : null,
    parsed.tsquery ? { q: parsed.tsquery, col: 'search_tsv' } : null,
  ];
  for (const pass of passes) {
    if (!pass || rows.size >= ENOUGH) continue;
    const f = filterSql(o.filter, 2);
    const where = f.where.map((w) => `AND ${w}`).join(' ');
    const sql = `SELECT ${COLUMNS}, c.rank FROM (
        SELECT id, ts_rank(${pass.col}, CAST($1 AS tsquery)) AS rank FROM (
          SELECT id, ${pass.col} FROM knowledge_entries WHERE ${pass.col} @@ CAST($1 AS tsquery) ${where}
          LIMIT ${CANDIDATE_CAP}) m
        ORDER BY rank DESC, id LIMIT ${CANDIDATES}) c
      JOIN knowledge_entries USING (id) ORDER BY c.rank DESC, id`;
    for (const r of await db.query<CandidateRow>(sql, [pass.q, ...f.params]))
      if (!rows.has(r.id)) rows.set(r.id, r);
  }
  if (rows.size === 0 && parsed.bigrams.length > 0) {
    // Fallback for names and typos: entries sharing character bigrams with the question.
    const f = filterSql(o.filter, 2);
    const sql = `SELECT ${COLUMNS}, 0::real AS rank FROM (
        SELECT ${COLUMNS}, (SELECT count(*) FROM unnest(bigrams) g WHERE g = ANY($1::text[])) AS shared
        FROM knowledge_entries WHERE bigrams && $1::text[] ${f.where.map((w) => `AND ${w}`).join(' ')}
        LIMIT 500) c
      WHERE shared >= 2 ORDER BY shared DESC, id LIMIT ${CANDIDATES}`;
    for (const r of await db.query<CandidateRow>(sql, [parsed.bigrams, ...f.params]))
      if (!rows.has(r.id)) rows.set(r.id, r);
  }

  const texts = [...rows.values()].map((row) =>
    normalise(
      [row.title, ...row.questions, row.case_label ?? '', ...row.tags, row.body_text, ...row.steps].join(
        '\n',
      ),
    ),
  );
  const holds = (c: Concept, s: string) =>
    c.terms.some((t) => s.includes(t)) || (c.parts ?? []).some((p) => p.every((w) => s.includes(w)));
  const found = concepts.map((c) => texts.some((all) => holds(c, all)));
  // Concepts no candidate holds are mostly spoken filler: they count half in the denominator.
  const total = concepts.reduce((s, c, i) => s + c.weight * (found[i] ? 1 : 0.5), 0) || 1;
  const specificities = concepts.map((c) => specificity(c.terms, seg));
  const specific = concepts.map((c, i) => c.weight * (specificities[i] as number));
  // What the question asks about that no entry holds (彩票, 签证): the base may lack the matter.
  let unknown = 0;
  concepts.forEach((c, i) => {
    if (c.weight === 0 && c.terms.some((t) => [...t].length > 1)) unknown += specificities[i] as number;
  });
  unknown /= specificities.reduce((a, b) => a + b, 0) || 1;
  const totalSpecific = specific.reduce((s, w, i) => s + w * (found[i] ? 1 : 0.5), 0) || 1;
  let heaviest = -1;
  concepts.forEach((c, i) => {
    if (found[i] && (heaviest < 0 || c.weight > (concepts[heaviest] as Concept).weight)) heaviest = i;
  });
  const qBigrams = parsed.bigrams;
  const qBigramSet = new Set(qBigrams);
  const prefer = new Set(o.preferRegionIds ?? []);
  const matches: Omit<Ranked, 'score' | 'share'>[] = [];
  for (const row of rows.values()) {
    const title = normalise(row.title);
    const questions = row.questions.map(normalise);
    const label = normalise([row.case_label ?? '', ...row.tags].join(' '));
    const body = normalise([row.body_text, ...row.steps].join('\n'));
    const f: MatchFeatures = {
      ...noMatch(),
      bodyLength: body.length,
      textRank: row.rank,
      region: prefer.size && row.region_ids.some((id) => prefer.has(id)) ? 1 : 0,
      unknown,
    };
    const named = new Map<number, number>();
    concepts.forEach((c, i) => {
      const has = (s: string) => holds(c, s);
      const where =
        has(title) || questions.some(has) ? 'head' : has(label) ? 'label' : has(body) ? 'body' : null;
      if (where) f[where] += c.weight / total;
      else if (found[i]) f.missing += c.weight / total;
      const fieldWeight = where === 'head' ? 1 : where === 'label' ? 0.85 : where === 'body' ? 0.5 : 0;
      f.specific += (fieldWeight * (specific[i] as number)) / totalSpecific;
      if (where === 'head') f.specificHead += (specific[i] as number) / totalSpecific;
      if (where === 'head' || where === 'label') named.set(i, specific[i] as number);
      if (where) f.conceptsHeld += 1 / concepts.length;
      if (i === heaviest && where === 'head') f.heaviestInHead = 1;
    });
    const titleBigrams = bigramsOf(title);
    f.titleLikeness = dice(qBigrams, new Set(titleBigrams));
    if (titleBigrams.length)
      f.titleHeld = titleBigrams.filter((b) => qBigramSet.has(b)).length / titleBigrams.length;
    for (const q of questions)
      f.questionLikeness = Math.max(f.questionLikeness, dice(qBigrams, new Set(bigramsOf(q))));
    matches.push({ row, features: f, named });
  }
  const scores = scoreCandidates(
    matches.map((m) => m.features),
    o.ranker,
  );
  const ranked: Ranked[] = matches.map((m, i) => {
    const { probability, share } = scores[i] as { probability: number; share: number };
    return { ...m, score: probability, share };
  });
  ranked.sort((a, b) => b.score - a.score || b.row.rank - a.row.rank || a.row.id - b.row.id);
  return { query, ranked: ranked.slice(0, o.limit) };
}
