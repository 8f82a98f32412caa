/**
 * Text similarity for 诉求查重: character bigrams of the cleaned text (personal numbers masked),
 * compared by Jaccard or by the overlap coefficient. Pure and dependency-free, fast enough to compare
 * a draft with a few hundred recent orders on every keystroke pause.
 */
import { cleanText } from './text.ts';

const SEPARATORS = /[^\p{L}\p{N}\uE000-\uE0FF]+/u;

/** Distinct character bigrams of the meaningful runs of a text (single characters for 1-char runs). */
export function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of cleanText(text).split(SEPARATORS)) {
    const chars = Array.from(run);
    if (chars.length === 1) out.add(chars[0] as string);
    for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** |a ∩ b| / |a ∪ b|. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const i = intersection(a, b);
  return i / (a.size + b.size - i);
}

/** |a ∩ b| / min(|a|, |b|): a short report inside a longer one still scores high. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return intersection(a, b) / Math.min(a.size, b.size);
}

/** The similarity the duplicate finder uses: the mean of Jaccard and overlap. */
export function textSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  return (jaccard(a, b) + overlap(a, b)) / 2;
}

/** Default threshold above which two texts are reported as likely the same matter (see docs/benchmarks.md). */
export const SIMILAR_TEXT_THRESHOLD = 0.35;

/** An address without house, building, unit and room numbers: 望江路12号江月花园3幢 → 望江路江月花园. */
export function placeKey(address: string): string {
  return cleanText(address)
    .replace(/[0-9一二三四五六七八九十百零〇\uE002]+\s*(号楼|号院|号|幢|栋|单元|室|楼|层|组|户)/g, '')
    .replace(/[\s,，。.、-]/g, '');
}
