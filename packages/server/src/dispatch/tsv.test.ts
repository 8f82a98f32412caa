import { expect, it } from 'vitest';
import { parseTsv, selectColumns } from './tsv.ts';

it('parses a header, tabs and CSV-style quoting', () => {
  const rows = parseTsv(
    '\uFEFFid\ttitle\tdetail\tlabel\n1\t"含\t制表符"\t"他说""你好""\n第二行"\t甲\n2\t无引号\t\t乙\n',
  );
  expect(rows).toEqual([
    { id: '1', title: '含\t制表符', detail: '他说"你好"\n第二行', label: '甲' },
    { id: '2', title: '无引号', detail: '', label: '乙' },
  ]);
  expect(selectColumns(rows, ['title', 'detail'], 'label').items[1]).toEqual(['无引号', '']);
  expect(() => selectColumns(rows, ['subject'], 'label')).toThrow(/没有列 subject/);
});
