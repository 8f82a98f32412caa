import { expect, it } from 'vitest';
import { Segmenter } from './segmenter.ts';

it('segments hotline words whole', () => {
  const s = new Segmenter();
  expect(s.cut('楼下广场舞噪音扰民到深夜')).toEqual(expect.arrayContaining(['噪音', '扰民', '广场舞']));
  const words = s.cut('我想给孩子办医保，顺便问公积金提取');
  expect(words).toContain('医保');
  expect(words).toContain('公积金');
  expect(s.cut('  ')).toEqual([]);
});

it('takes words the deployment adds to its user dictionary', () => {
  const s = new Segmenter();
  expect(s.cut('雨花亭西社区路灯不亮')).not.toContain('雨花亭西社区');
  s.addWords(['雨花亭西社区']);
  expect(s.cut('雨花亭西社区路灯不亮')).toContain('雨花亭西社区');
  expect(s.userWords()).toEqual(['雨花亭西社区']);
  // Another segmenter is not affected.
  expect(new Segmenter().cut('雨花亭西社区路灯不亮')).not.toContain('雨花亭西社区');
  expect(() => s.addWords(['两 个词'])).toThrow(RangeError);
});
