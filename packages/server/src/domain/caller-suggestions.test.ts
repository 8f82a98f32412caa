import { describe, expect, it } from 'vitest';
import {
  type CallerOrderFacts,
  type CallerSuggestionInput,
  HISTORY_WINDOW_DAYS,
  type KnowledgeFacts,
  MAX_CATEGORY_SUGGESTIONS,
  MAX_REPLY_TEMPLATES,
  suggestFromCallerHistory,
} from './caller-suggestions.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T01:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

const PROPERTY = 11;
const HEATING = 12;
const WATER = 13;
const RETIRED = 14;
const NAMES: Record<number, string> = {
  11: '物业管理',
  12: '供暖',
  13: '供水',
  15: '噪声',
  16: '停车',
  17: '绿化',
};

let nextId = 1;
function order(o: Partial<CallerOrderFacts> & { daysAgo?: number } = {}): CallerOrderFacts {
  const id = o.id ?? nextId++;
  const { daysAgo: ago, ...rest } = o;
  return {
    id,
    number: `N${id}`,
    title: `诉求${id}`,
    categoryId: PROPERTY,
    open: false,
    stateLabel: '已办结',
    createdAt: daysAgo(ago ?? 10),
    satisfaction: null,
    resolved: null,
    answer: null,
    ...rest,
  };
}

const reply = (text: string, at = daysAgo(5)) => ({ kind: 'reply' as const, text, at, knowledge: null });
const knowledge = (k: Partial<KnowledgeFacts> = {}): KnowledgeFacts => ({
  id: 7,
  title: '住房公积金贷款额度',
  published: true,
  updatedAt: daysAgo(100),
  currentText: '现行额度为 60 万元。',
  ...k,
});
const directAnswer = (text: string, k: KnowledgeFacts | null, at = daysAgo(5)) => ({
  kind: 'direct_answer' as const,
  text,
  at,
  knowledge: k,
});

function run(input: Partial<CallerSuggestionInput>) {
  return suggestFromCallerHistory({
    now: NOW,
    orders: [],
    fromText: [],
    category: (id) => (NAMES[id] ? { name: NAMES[id] } : undefined),
    ...input,
  });
}

describe('suggestions from the caller history', () => {
  it('has nothing to suggest for a caller without history and no draft', () => {
    expect(run({})).toEqual({ categories: [], followUp: null, replyTemplates: [] });
  });

  it('offers the newest open order for 催办/补充 and suggests its category', () => {
    const r = run({
      orders: [
        order({ id: 1, open: true, stateLabel: '待派单', categoryId: HEATING, daysAgo: 40 }),
        order({ id: 2, open: true, stateLabel: '办理中', title: '电梯坏了', daysAgo: 3 }),
        order({ id: 3, daysAgo: HISTORY_WINDOW_DAYS + 10, categoryId: WATER }),
        order({ id: 4, daysAgo: 20 }),
      ],
    });
    expect(r.followUp).toEqual({
      orderId: 2,
      number: 'N2',
      title: '电梯坏了',
      stateLabel: '办理中',
      reason: '在办工单 N2（办理中），本次来电可能是催办或补充',
    });
    expect(r.categories[0]).toEqual({
      categoryId: PROPERTY,
      probability: null,
      sources: ['open_order', 'caller_history'],
      reasons: [
        '该来电人有在办工单「电梯坏了」属「物业管理」（办理中）',
        '该来电人近 90 天 2 次反映「物业管理」',
      ],
    });
  });

  it('takes the category of an older open order when the newest open one has none or an inactive one', () => {
    const r = run({
      orders: [
        order({
          id: 1,
          open: true,
          categoryId: HEATING,
          title: '暖气不热',
          stateLabel: '已派单',
          daysAgo: 200,
        }),
        order({ id: 2, open: true, categoryId: null, daysAgo: 200 }),
        order({ id: 3, open: true, categoryId: RETIRED, daysAgo: 200 }),
      ],
    });
    expect(r.followUp?.orderId).toBe(3);
    expect(r.categories).toEqual([
      {
        categoryId: HEATING,
        probability: null,
        sources: ['open_order'],
        reasons: ['该来电人有在办工单「暖气不热」属「供暖」（已派单）'],
      },
    ]);
  });

  it('without an open order suggests the category raised most often in the window', () => {
    const r = run({
      orders: [
        order({ categoryId: HEATING, daysAgo: 1 }),
        order({ categoryId: PROPERTY, daysAgo: 20 }),
        order({ categoryId: PROPERTY, daysAgo: HISTORY_WINDOW_DAYS }),
        order({ categoryId: PROPERTY, daysAgo: 60 }),
        order({ categoryId: HEATING, daysAgo: HISTORY_WINDOW_DAYS + 1 }),
        order({ categoryId: HEATING, daysAgo: 300 }),
        order({ categoryId: null, daysAgo: 2 }),
        order({ categoryId: null, daysAgo: 3 }),
        order({ categoryId: null, daysAgo: 4 }),
        order({ categoryId: null, daysAgo: 4 }),
        order({ categoryId: RETIRED, daysAgo: 2 }),
        order({ categoryId: RETIRED, daysAgo: 2 }),
        order({ categoryId: RETIRED, daysAgo: 2 }),
        order({ categoryId: RETIRED, daysAgo: 2 }),
      ],
    });
    expect(r.followUp).toBeNull();
    expect(r.categories).toEqual([
      {
        categoryId: PROPERTY,
        probability: null,
        sources: ['caller_history'],
        reasons: ['该来电人近 90 天 3 次反映「物业管理」'],
      },
    ]);
  });

  it('adds no frequency to the open order’s category when that order is its only one', () => {
    const r = run({ orders: [order({ open: true, stateLabel: '待派单', daysAgo: 1 })] });
    expect(r.categories.map((c) => [c.categoryId, c.sources, c.reasons.length])).toEqual([
      [PROPERTY, ['open_order'], 1],
    ]);
  });

  it('drops the model’s guesses below the threshold unless the history agrees', () => {
    const r = run({
      orders: [order({ daysAgo: 1 })],
      fromText: [
        { categoryId: WATER, probability: 0.05, reason: '模型：5%' },
        { categoryId: PROPERTY, probability: 0.04, reason: '模型：4%' },
        { categoryId: 15, probability: null, reason: '无概率' },
      ],
    });
    expect(r.categories).toEqual([
      {
        categoryId: PROPERTY,
        probability: 0.04,
        sources: ['model', 'caller_history'],
        reasons: ['模型：4%', '该来电人近 90 天 1 次反映「物业管理」'],
      },
      { categoryId: 15, probability: null, sources: ['model'], reasons: ['无概率'] },
    ]);
  });

  it('breaks a tie by the category raised most recently, whatever order the history comes in', () => {
    const orders = [
      order({ categoryId: HEATING, daysAgo: 30 }),
      order({ categoryId: WATER, daysAgo: 5 }),
      order({ categoryId: WATER, daysAgo: 50 }),
      order({ categoryId: HEATING, daysAgo: 2 }),
    ];
    expect(run({ orders }).categories.map((c) => c.categoryId)).toEqual([HEATING]);
    expect(run({ orders: [...orders].reverse() }).categories.map((c) => c.categoryId)).toEqual([HEATING]);
  });

  it('lists the open order and the frequent category apart when they differ', () => {
    const r = run({
      orders: [
        order({ open: true, categoryId: HEATING, stateLabel: '办理中', daysAgo: 1 }),
        order({ categoryId: PROPERTY, daysAgo: 5 }),
        order({ categoryId: PROPERTY, daysAgo: 6 }),
      ],
    });
    expect(r.categories.map((c) => [c.categoryId, c.sources])).toEqual([
      [HEATING, ['open_order']],
      [PROPERTY, ['caller_history']],
    ]);
  });

  it('puts categories the history and the draft agree on first, then the draft’s, then the history’s', () => {
    const r = run({
      orders: [
        order({ id: 50, open: true, categoryId: HEATING, stateLabel: '办理中', daysAgo: 1 }),
        order({ categoryId: PROPERTY, daysAgo: 5 }),
        order({ categoryId: PROPERTY, daysAgo: 6 }),
      ],
      fromText: [
        { categoryId: WATER, probability: 0.6, reason: '模型：60%' },
        { categoryId: PROPERTY, probability: 0.3, reason: '模型：30%' },
        { categoryId: PROPERTY, probability: 0.1, reason: '重复' },
        { categoryId: WATER, probability: 0.05, reason: '重复' },
      ],
    });
    expect(r.categories).toEqual([
      {
        categoryId: PROPERTY,
        probability: 0.3,
        sources: ['model', 'caller_history'],
        reasons: ['模型：30%', '该来电人近 90 天 2 次反映「物业管理」'],
      },
      { categoryId: WATER, probability: 0.6, sources: ['model'], reasons: ['模型：60%'] },
      {
        categoryId: HEATING,
        probability: null,
        sources: ['open_order'],
        reasons: ['该来电人有在办工单「诉求50」属「供暖」（办理中）'],
      },
    ]);
  });

  it('shows the draft’s categories alone for a first-time caller, at most five in all', () => {
    const fromText = [15, 16, 17, WATER].map((id, i) => ({
      categoryId: id,
      probability: 0.2,
      reason: `m${i}`,
    }));
    expect(run({ fromText }).categories.map((c) => c.categoryId)).toEqual([15, 16, 17, WATER]);
    const r = run({
      fromText,
      orders: [
        order({ open: true, categoryId: HEATING, daysAgo: 1 }),
        order({ categoryId: PROPERTY, daysAgo: 2 }),
        order({ categoryId: PROPERTY, daysAgo: 3 }),
      ],
    });
    expect(r.categories).toHaveLength(MAX_CATEGORY_SUGGESTIONS);
    expect(r.categories.map((c) => c.categoryId)).toEqual([15, 16, 17, WATER, HEATING]);
  });
});

describe('reply templates', () => {
  it('offers the answer of the newest closed order in the category the caller was satisfied with', () => {
    const r = run({
      orders: [
        order({
          id: 1,
          satisfaction: 'satisfied',
          resolved: true,
          answer: reply('旧的满意答复'),
          daysAgo: 80,
        }),
        order({
          id: 2,
          satisfaction: 'satisfied',
          resolved: true,
          answer: reply('新的满意答复'),
          daysAgo: 40,
        }),
        order({ id: 3, satisfaction: 'basically_satisfied', answer: reply('基本满意'), daysAgo: 30 }),
        order({ id: 4, satisfaction: 'satisfied', resolved: false, answer: reply('未解决'), daysAgo: 20 }),
        order({ id: 5, satisfaction: 'dissatisfied', answer: reply('不满意'), daysAgo: 10 }),
        order({ id: 6, satisfaction: 'satisfied', answer: reply('  '), daysAgo: 9 }),
        order({ id: 7, satisfaction: 'satisfied', answer: null, daysAgo: 8 }),
        order({ id: 8, open: true, satisfaction: 'satisfied', answer: reply('重办中'), daysAgo: 7 }),
      ],
    });
    expect(r.replyTemplates).toEqual([
      {
        kind: 'accepted_reply',
        categoryId: PROPERTY,
        text: '新的满意答复',
        knowledgeEntryId: null,
        orderId: 2,
        orderNumber: 'N2',
        reason: '该来电人反映「物业管理」的工单 N2 按此答复，回访满意',
      },
    ]);
  });

  it('offers the knowledge entry a direct answer quoted, as it reads now when it changed since', () => {
    const unchanged = run({
      orders: [
        order({ id: 1, answer: directAnswer('额度为 60 万元。', knowledge({ updatedAt: daysAgo(6) })) }),
      ],
    });
    expect(unchanged.replyTemplates).toEqual([
      {
        kind: 'knowledge_entry',
        categoryId: PROPERTY,
        text: '额度为 60 万元。',
        knowledgeEntryId: 7,
        orderId: 1,
        orderNumber: 'N1',
        reason: '上次同类咨询（N1）直接答复引用知识「住房公积金贷款额度」',
      },
    ]);
    const changed = run({
      orders: [
        order({
          id: 1,
          satisfaction: 'satisfied',
          resolved: true,
          answer: directAnswer('额度为 50 万元。', knowledge({ updatedAt: daysAgo(1) })),
        }),
      ],
    });
    // Satisfied, but the old wording is not offered again: only the entry's current text.
    expect(changed.replyTemplates).toEqual([
      expect.objectContaining({
        kind: 'knowledge_entry',
        text: '现行额度为 60 万元。',
        reason: '上次同类咨询（N1）直接答复引用知识「住房公积金贷款额度」；条目此后已更新，已换为现行内容',
      }),
    ]);
  });

  it('does not offer an entry no longer published, nor one the caller was dissatisfied with', () => {
    const r = run({
      orders: [
        order({ answer: directAnswer('a', knowledge({ published: false })), daysAgo: 1 }),
        order({ satisfaction: 'dissatisfied', answer: directAnswer('b', knowledge()), daysAgo: 2 }),
        order({ answer: reply('c'), daysAgo: 3 }),
      ],
    });
    expect(r.replyTemplates).toEqual([]);
  });

  it('offers a satisfied direct answer without an entry as an accepted reply, once when texts repeat', () => {
    const r = run({
      orders: [
        order({ id: 1, satisfaction: 'satisfied', answer: directAnswer('请到街道办理。', null), daysAgo: 1 }),
        order({
          id: 2,
          satisfaction: 'satisfied',
          answer: directAnswer('请到街道办理。', knowledge({ updatedAt: daysAgo(300) })),
          daysAgo: 2,
        }),
      ],
    });
    expect(r.replyTemplates.map((t) => [t.kind, t.orderId])).toEqual([['accepted_reply', 1]]);
  });

  it('follows the category chosen in the form, else each suggested category in order, at most three', () => {
    const orders = [
      order({ id: 1, categoryId: HEATING, satisfaction: 'satisfied', answer: reply('供暖答复'), daysAgo: 1 }),
      order({
        id: 2,
        categoryId: HEATING,
        satisfaction: 'satisfied',
        answer: reply('供暖答复二'),
        daysAgo: 2,
      }),
      order({
        id: 3,
        categoryId: PROPERTY,
        satisfaction: 'satisfied',
        answer: reply('物业答复'),
        daysAgo: 3,
      }),
      order({ id: 4, categoryId: PROPERTY, answer: directAnswer('物业知识', knowledge()), daysAgo: 4 }),
      order({ id: 5, categoryId: WATER, satisfaction: 'satisfied', answer: reply('供水答复'), daysAgo: 200 }),
      order({ id: 6, categoryId: RETIRED, satisfaction: 'satisfied', answer: reply('停用'), daysAgo: 1 }),
    ];
    const fromText = [
      { categoryId: WATER, probability: 0.5, reason: 'm' },
      { categoryId: HEATING, probability: 0.3, reason: 'm' },
      { categoryId: PROPERTY, probability: 0.2, reason: 'm' },
    ];
    const all = run({ orders, fromText });
    expect(all.replyTemplates).toHaveLength(MAX_REPLY_TEMPLATES);
    expect(all.replyTemplates.map((t) => t.text)).toEqual(['供暖答复', '供水答复', '物业答复']);
    expect(run({ orders, fromText, chosenCategoryId: PROPERTY }).replyTemplates.map((t) => t.text)).toEqual([
      '物业答复',
      '物业知识',
    ]);
    expect(run({ orders, chosenCategoryId: RETIRED }).replyTemplates).toEqual([]);
    expect(run({ orders, chosenCategoryId: null }).replyTemplates.map((t) => t.text)).toEqual(['供暖答复']);
  });
});
