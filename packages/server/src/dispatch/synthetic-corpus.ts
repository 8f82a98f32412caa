/**
 * A small labelled corpus of made-up hotline messages for tests (never real data): three categories
 * with words of their own, filler common to all, stray words of other categories and personal
 * numbers that must be masked. Seeded, so the same every run.
 */
import { Rng } from '../demo/prng.ts';

export const SYNTHETIC_CLASSES = {
  噪音扰民: ['噪音', '扰民', '广场舞', '深夜', '施工', '音响', '吵闹', '休息'],
  医疗保障: ['医保', '报销', '医院', '门诊', '药费', '社保卡', '住院', '异地就医'],
  住房公积金: ['公积金', '提取', '贷款', '缴存', '购房', '租房', '账户', '额度'],
} as const;

export type SyntheticLabel = keyof typeof SYNTHETIC_CLASSES;

const FILLER = [
  '市民',
  '反映',
  '希望',
  '尽快',
  '处理',
  '小区',
  '相关部门',
  '解决',
  '我们',
  '问题',
  '一直',
  '没有',
];

export interface SyntheticItem {
  title: string;
  detail: string;
  label: SyntheticLabel;
}

export function syntheticCorpus(n: number, seed: number): SyntheticItem[] {
  const rng = new Rng(seed);
  const labels = Object.keys(SYNTHETIC_CLASSES) as SyntheticLabel[];
  const out: SyntheticItem[] = [];
  for (let i = 0; i < n; i++) {
    const label = labels[i % labels.length] as SyntheticLabel;
    const own = SYNTHETIC_CLASSES[label];
    const other = SYNTHETIC_CLASSES[rng.pick(labels.filter((l) => l !== label))];
    const title = `${rng.pick(FILLER)}${rng.pick(own)}${rng.pick(FILLER)}`;
    const words: string[] = [];
    for (let w = 0; w < 12; w++) words.push(rng.chance(0.4) ? rng.pick(own) : rng.pick(FILLER));
    if (rng.chance(0.3)) words.push(rng.pick(other));
    const phone = `1${rng.int(3, 9)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
    out.push({ title, detail: `${words.join('，')}。联系电话${phone}`, label });
  }
  return out;
}
