import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { syntheticCorpus } from './synthetic-corpus.ts';

const run = promisify(execFile);
const JIESU = path.resolve(import.meta.dirname, '../../bin/jiesu.js');
const dir = mkdtempSync(path.join(tmpdir(), 'jiesu-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
function writeTsv(file: string, n: number, seed: number) {
  const lines = ['id\tsubject\tbody\tcategory'];
  syntheticCorpus(n, seed).forEach((r, i) =>
    // Quoted fields with a tab, doubled quotes and a line break inside.
    lines.push(`${i}\t${quote(`${r.title}\t"急"`)}\t${quote(`${r.detail}\n请回复`)}\t${r.label}`),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

it('trains and evaluates from TSV files and prints the figures as JSON on the last line', {
  timeout: 60_000,
}, async () => {
  const trainFile = path.join(dir, 'train.tsv');
  const testFile = path.join(dir, 'test.tsv');
  const modelFile = path.join(dir, 'model.json');
  writeTsv(trainFile, 120, 3);
  writeTsv(testFile, 45, 4);
  const cols = ['--text-columns', 'subject,body', '--label-column', 'category', '--model', modelFile];
  const trained = await run(process.execPath, [JIESU, 'classify', 'train', '--input', trainFile, ...cols]);
  expect(trained.stdout).toMatch(/已训练 3 类、120 条/);
  expect(trained.stderr).toMatch(/第 \d+\/\d+ 轮/);
  const model = JSON.parse(readFileSync(modelFile, 'utf8'));
  expect(model.format).toBe('jiesu-text-classifier');

  const evaluated = await run(process.execPath, [
    JIESU,
    'classify',
    'eval',
    '--input',
    testFile,
    ...cols,
    '--json',
  ]);
  const last = evaluated.stdout.trim().split('\n').at(-1) as string;
  const figures = JSON.parse(last);
  expect(Object.keys(figures).sort()).toEqual(['accuracy', 'macro_f1', 'ms_per_item', 'n', 'per_class']);
  expect(figures.n).toBe(45);
  expect(figures.accuracy).toBeGreaterThanOrEqual(0.9);
  expect(Object.keys(figures.per_class).sort()).toEqual(['住房公积金', '噪音扰民', '医疗保障'].sort());
  expect(figures.per_class.医疗保障.support).toBe(15);
});

it('refuses a missing column or option with exit code 2', { timeout: 30_000 }, async () => {
  const file = path.join(dir, 'small.tsv');
  writeTsv(file, 9, 5);
  const bad = run(process.execPath, [
    JIESU,
    'classify',
    'train',
    '--input',
    file,
    '--model',
    path.join(dir, 'm.json'),
  ]);
  await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('没有列 title') });
  await expect(run(process.execPath, [JIESU, 'classify', 'train', '--input', file])).rejects.toMatchObject({
    code: 2,
  });
});
