/**
 * `jiesu classify train|eval`: train the category classifier from a city's old orders exported as
 * TSV, and evaluate a trained model on another file. Progress on stderr; `eval --json` prints one
 * JSON object of figures on its last line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TextClassifier } from './model/classifier.ts';
import { evaluate } from './model/metrics.ts';
import { deserialiseClassifier, serialiseClassifier } from './model/serialise.ts';
import { readTsv, selectColumns } from './tsv.ts';

export const CLASSIFY_HELP = `用法:
  jiesu classify train --input FILE.tsv --model OUT.json [--text-columns title,detail] [--label-column label]
                       [--user-words WORDS.txt] [--seed N] [--epochs N]
  jiesu classify eval  --input FILE.tsv --model MODEL.json [--text-columns title,detail] [--label-column label] [--json]

FILE.tsv 为制表符分隔、首行为列名的文件，字段可按 CSV 规则加引号。WORDS.txt 每行一个词（地名、单位名、热线用语），
加入分词词典。eval --json 在最后一行输出 {"n","accuracy","macro_f1","per_class","ms_per_item"}。`;

/** Bad or missing options: the caller shows the message and exits with 2. */
export class ClassifyUsageError extends Error {}

export interface ClassifyIo {
  out: (line: string) => void;
  progress: (line: string) => void;
}

const defaultIo: ClassifyIo = {
  out: (line) => console.log(line),
  progress: (line) => process.stderr.write(`${line}\n`),
};

export async function runClassifyCli(args: readonly string[], io: ClassifyIo = defaultIo): Promise<void> {
  const [sub, ...rest] = args;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      options: {
        input: { type: 'string' },
        model: { type: 'string' },
        'text-columns': { type: 'string', default: 'title,detail' },
        'label-column': { type: 'string', default: 'label' },
        'user-words': { type: 'string' },
        seed: { type: 'string', default: '1' },
        epochs: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new ClassifyUsageError(`参数有误: ${(err as Error).message}\n\n${CLASSIFY_HELP}`);
  }
  const input = values.input as string | undefined;
  const modelPath = values.model as string | undefined;
  if ((sub !== 'train' && sub !== 'eval') || !input || !modelPath)
    throw new ClassifyUsageError(CLASSIFY_HELP);
  const textColumns = (values['text-columns'] as string)
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const rows = await readTsv(input);
  let data: ReturnType<typeof selectColumns>;
  try {
    data = selectColumns(rows, textColumns, values['label-column'] as string);
  } catch (err) {
    throw new ClassifyUsageError((err as Error).message);
  }
  const kept = data.labels.map((l, i) => (l ? i : -1)).filter((i) => i >= 0);
  const items = kept.map((i) => data.items[i] as string[]);
  const labels = kept.map((i) => data.labels[i] as string);
  io.progress(`读入 ${rows.length} 行，其中 ${items.length} 行有标签`);

  if (sub === 'train') {
    const seed = Number(values.seed);
    const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
    if (!Number.isInteger(seed) || (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0)))
      throw new ClassifyUsageError('--seed 和 --epochs 必须是整数');
    const userWords = values['user-words']
      ? (await readFile(values['user-words'] as string, 'utf8'))
          .split(/\r?\n/)
          .map((w) => w.trim())
          .filter(Boolean)
      : [];
    const started = performance.now();
    let model: TextClassifier;
    try {
      const { DEFAULT_SGD } = await import('./model/linear.ts');
      model = TextClassifier.train(items, labels, {
        userWords,
        sgd: { ...DEFAULT_SGD, seed, ...(epochs ? { epochs } : {}) },
        onProgress: io.progress,
      });
    } catch (err) {
      if (err instanceof RangeError) throw new ClassifyUsageError(err.message);
      throw err;
    }
    await writeFile(modelPath, JSON.stringify(serialiseClassifier(model)));
    io.out(
      `已训练 ${model.labels.length} 类、${items.length} 条、${model.vectoriser.size} 个特征，用时 ${((performance.now() - started) / 1000).toFixed(1)} s，模型写入 ${modelPath}`,
    );
    return;
  }

  const model = deserialiseClassifier(JSON.parse(await readFile(modelPath, 'utf8')));
  const predicted: string[] = [];
  const started = performance.now();
  for (const item of items) {
    predicted.push(model.predictLabel(item));
    if (predicted.length % 1000 === 0) io.progress(`已预测 ${predicted.length}/${items.length}`);
  }
  const msPerItem = items.length ? (performance.now() - started) / items.length : 0;
  const e = evaluate(labels, predicted);
  io.out(
    `n ${e.n}  accuracy ${e.accuracy.toFixed(4)}  macro-F1 ${e.macro_f1.toFixed(4)}  ${msPerItem.toFixed(3)} ms/条`,
  );
  for (const [label, f] of Object.entries(e.per_class))
    io.out(
      `  ${label}: P ${f.precision.toFixed(3)} R ${f.recall.toFixed(3)} F1 ${f.f1.toFixed(3)} (${f.support})`,
    );
  if (values.json) io.out(JSON.stringify({ ...e, ms_per_item: Math.round(msPerItem * 1000) / 1000 }));
}
