/**
 * Word segmentation with jieba (@node-rs/jieba, a prebuilt native binary) and a user dictionary
 * the deployment extends with its own place names, unit names and hotline terms.
 *
 * The 5 MB base dictionary is loaded once per process and per user-word list (≈200 ms); a segmenter
 * with the same words reuses the same jieba instance.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

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
    if (!this.jieba) {
      const all = [...new Set([...HOTLINE_WORDS, ...this.words])].sort();
      this.jieba = jiebaFor(all);
    }
    return this.jieba.cut(text, true).filter((t) => t.trim() !== '');
  }
}
