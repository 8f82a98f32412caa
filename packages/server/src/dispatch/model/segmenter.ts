/**
 * Word segmentation with jieba (@node-rs/jieba, a prebuilt native binary) and a user dictionary
 * the deployment extends with its own place names, unit names and hotline terms.
 *
 * The 5 MB base dictionary is loaded once per process and per user-word list (≈200 ms); a segmenter
 * with the same words reuses the same jieba instance.
 */
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';

/** Hotline words the base dictionary splits or misses; every segmenter knows them. */
export const HOTLINE_WORDS: readonly string[] = [
  '扰民',
  '医保',
  '社保',
  '公积金',
  '不动产登记',
  '物业费',
  '占道经营',
  '占道施工',
  '乱停乱放',
  '违章建筑',
  '违建',
  '拖欠工资',
  '欠薪',
  '广场舞',
  '油烟',
  '渣土车',
  '网格员',
  '接诉即办',
];

// Frequency given to user words: high enough that jieba keeps them whole.
const USER_WORD_FREQ = 100_000;
const instances = new Map<string, Jieba>();

function jiebaFor(words: readonly string[]): Jieba {
  const key = words.join('\n');
  let j = instances.get(key);
  if (!j) {
    j = Jieba.withDict(dict);
    if (words.length) j.loadDict(Buffer.from(words.map((w) => `${w} ${USER_WORD_FREQ} n`).join('\n')));
    instances.set(key, j);
  }
  return j;
}

/** A word that may go into a user dictionary: no whitespace, 1–32 characters. */
function checkWord(word: string): string {
  const w = word.trim();
  if (!w || w.length > 32 || /\s/.test(w)) throw new RangeError(`不是有效的词: ${JSON.stringify(word)}`);
  return w;
}

export class Segmenter {
  private words: string[];
  private jieba: Jieba | undefined;

  /** `userWords` come on top of {@link HOTLINE_WORDS}. */
  constructor(userWords: readonly string[] = []) {
    this.words = [];
    this.addWords(userWords);
  }

  /** Adds words to this segmenter's user dictionary (place names, unit names, terms). */
  addWords(words: readonly string[]): void {
    const set = new Set(this.words);
    for (const w of words) set.add(checkWord(w));
    this.words = [...set].sort();
    this.jieba = undefined;
  }

  /** The deployment's own words (without the built-in hotline words), sorted. */
  userWords(): string[] {
    return [...this.words];
  }

  /** Splits text into words, dropping whitespace-only tokens. Run it on cleaned text. */
  cut(text: string): string[] {
    return this.instance()
      .cut(text, true)
      .filter((t) => t.trim() !== '');
  }

  private instance(): Jieba {
    this.jieba ??= jiebaFor([...new Set([...HOTLINE_WORDS, ...this.words])].sort());
    return this.jieba;
  }

  /**
   * How specific a word is in Chinese at large: jieba's IDF over its general corpus, where everyday
   * words score low (开始 3.8, 家里 5.7, 两年 5.9) and subject terms high (公积金 8.4, 漏水 9.7,
   * 契税 9.8). A word the table lacks (this segmenter's own terms) gets the table's median (≈ 12).
   * A word jieba cuts in pieces scores as its most specific piece.
   */
  generalIdf(word: string): number {
    const keywords = generalTable().extractKeywords(this.instance(), word, 8);
    // Weights are tf·idf / pieces; times the pieces gives each piece's idf.
    return keywords.reduce((m, k) => Math.max(m, k.weight * keywords.length), 0);
  }
}

let general: TfIdf | undefined;
/** jieba's IDF table (6 MB, ≈ 120 ms), loaded on first use. */
function generalTable(): TfIdf {
  if (!general) {
    general = TfIdf.withDict(idf);
    general.setConfig({ stopWords: new Set(), minKeywordLength: 1, useHmm: false });
  }
  return general;
}
