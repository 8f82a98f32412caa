import { z } from 'zod';
import { KNOWLEDGE_ACTIONS, KNOWLEDGE_KINDS, KNOWLEDGE_STATES } from '../domain/knowledge.ts';

export const Id = z.coerce.number().int().positive().max(2_147_483_647);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');
const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, '链接须以 http:// 或 https:// 开头');
const line = (max: number) => z.string().trim().min(1).max(max);

export const Kind = z.enum(KNOWLEDGE_KINDS);
export const State = z.enum(KNOWLEDGE_STATES);

export const AttachmentLink = z.object({ title: line(200), url });

/** What an editor writes. Regions are district/street unit ids; none = the whole city. */
export const EntryInput = z.object({
  kind: Kind,
  title: line(200),
  /** Rich text; sanitised on the way in (p, br, ul, ol, li, strong, em, h3, h4, a, table). */
  bodyHtml: z.string().max(100_000).default(''),
  /** faq: the question as citizens ask it, in several wordings. */
  questions: z.array(line(200)).max(50).default([]),
  /** process: the steps in order. */
  steps: z.array(line(500)).max(50).default([]),
  tags: z.array(line(30)).max(30).default([]),
  categoryId: Id.nullable().default(null),
  regionUnitIds: z.array(Id).max(200).default([]),
  /** Entries answering different cases of one vague question share a group (e.g. 医保参保). */
  caseGroup: z.string().trim().min(1).max(60).nullable().default(null),
  /** The choice shown when asking back, e.g. '城乡居民医保（学生、儿童、无工作单位人员）'. */
  caseLabel: z.string().trim().min(1).max(100).nullable().default(null),
  sourceTitle: z.string().trim().min(1).max(200).nullable().default(null),
  sourceUrl: url.nullable().default(null),
  ownerUnitId: Id.nullable().default(null),
  effectiveFrom: day.nullable().default(null),
  expiresOn: day.nullable().default(null),
  /** Links to documents (PDF of the policy, forms). */
  attachments: z.array(AttachmentLink).max(20).default([]),
});
export type EntryInput = z.infer<typeof EntryInput>;

export const UpdateBody = EntryInput.extend({
  /** The version being edited (optimistic locking: 409 when someone saved in between). */
  version: z.number().int().positive(),
  note: z.string().trim().max(500).optional(),
});

export const ActionBody = z.object({ note: z.string().trim().max(500).optional() });

const Region = z.object({ id: z.number(), name: z.string() });

export const EntryView = z.object({
  id: z.number(),
  kind: Kind,
  kindLabel: z.string(),
  state: State,
  stateLabel: z.string(),
  title: z.string(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  questions: z.array(z.string()),
  steps: z.array(z.string()),
  tags: z.array(z.string()),
  categoryId: z.number().nullable(),
  categoryName: z.string().nullable(),
  regions: z.array(Region),
  caseGroup: z.string().nullable(),
  caseLabel: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  ownerUnitId: z.number().nullable(),
  ownerUnitName: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  expiresOn: z.string().nullable(),
  lastReviewedOn: z.string().nullable(),
  attachments: z.array(AttachmentLink),
  version: z.number(),
  origin: z.string(),
  /** True when the entry must not be quoted: past expiry, withdrawn, not yet effective or unpublished. */
  expired: z.boolean(),
  /** Why the entry must not be quoted, in Chinese; null when it may be. */
  notice: z.string().nullable(),
  /** Whether the owner unit is overdue with its periodic review. */
  reviewDue: z.boolean(),
  stats: z.object({
    views: z.number(),
    offered: z.number(),
    directAnswers: z.number(),
    notHelpful: z.number(),
  }),
  /** Actions the current user may take now. */
  actions: z.array(z.enum(KNOWLEDGE_ACTIONS)),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type EntryView = z.infer<typeof EntryView>;

export const Passage = z.object({
  text: z.string(),
  highlights: z.array(z.object({ start: z.number(), length: z.number() })),
  /** `text` HTML-escaped with the matched words in <mark>. */
  html: z.string(),
});

export const EntrySummary = z.object({
  id: z.number(),
  kind: Kind,
  state: State,
  title: z.string(),
  categoryName: z.string().nullable(),
  ownerUnitName: z.string().nullable(),
  regions: z.array(Region),
  caseGroup: z.string().nullable(),
  caseLabel: z.string().nullable(),
  expiresOn: z.string().nullable(),
  lastReviewedOn: z.string().nullable(),
  expired: z.boolean(),
  reviewDue: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
  /** Search only: the probability that the entry answers the query, and the best passage with the matched words marked. */
  score: z.number().nullable().describe('仅检索时：该条目能回答检索内容的概率（0–1）'),
  snippet: Passage.nullable(),
});
export type EntrySummary = z.infer<typeof EntrySummary>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));

export const ListQuery = z.object({
  /** Search words (Chinese, any wording); without it entries are listed newest change first. */
  q: z.string().trim().max(200).optional(),
  kind: csv(Kind).optional(),
  state: csv(State).optional(),
  categoryId: Id.optional(),
  /** A district, street or community: entries for it, for the areas above it and city-wide ones. */
  regionUnitId: Id.optional(),
  ownerUnitId: Id.optional(),
  /** Only entries whose periodic review is overdue or that expire within the reminder window. */
  attention: z.enum(['review_due', 'expiring', 'expired']).optional(),
  /** Search for answering: only published entries valid today. */
  answerable: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const VersionView = z.object({
  version: z.number(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  title: z.string(),
});

export const DiffQuery = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
export const DiffView = z.object({
  from: z.number(),
  to: z.number(),
  changes: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() })),
});

export const EventView = z.object({
  action: z.string(),
  actionLabel: z.string(),
  fromState: State,
  toState: State,
  version: z.number(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const AskedQuestionView = z.object({
  question: z.string().describe('直接答复引用本条目的工单标题（已脱敏）'),
  times: z.number().describe('出现次数'),
  lastAt: z.string(),
});
export const AskedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

export const SynonymBody = z.object({
  terms: z.array(z.string().trim().min(1).max(32).regex(/^\S+$/, '同义词不能含空格')).min(2).max(20),
});
export const SynonymView = z.object({ id: z.number(), terms: z.array(z.string()), updatedAt: z.string() });

export const AnswerBody = z.object({
  question: z.string().trim().min(1).max(500),
  /** The caller's district/street/community: regional entries for it rank first, others are left out. */
  regionUnitId: Id.optional(),
  /** Phrase the answer with the configured chat model (when enabled). */
  phrase: z.boolean().default(false),
});

export const AnswerItem = z.object({
  id: z.number(),
  kind: Kind,
  title: z.string(),
  caseLabel: z.string().nullable(),
  score: z.number().describe('该条目能回答问题的概率（0–1），由训练好的排序模型给出'),
  passage: Passage,
  sourceTitle: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  expiresOn: z.string().nullable(),
});

export const AnswerView = z.object({
  /** The question as it was searched (phones and ID numbers masked). */
  question: z.string(),
  answers: z.array(AnswerItem),
  /** Set when the top answers are different cases of one matter: ask back instead of guessing. */
  clarify: z
    .object({
      question: z.string(),
      choices: z.array(z.object({ entryId: z.number(), label: z.string(), title: z.string() })),
    })
    .nullable(),
  /** True when nothing answered well enough; the question was recorded as a gap. */
  gap: z.boolean(),
  /** The chat model's phrasing, quoting the passages; null when off or failed. */
  phrased: z.string().nullable(),
});
export type AnswerView = z.infer<typeof AnswerView>;

export const FeedbackBody = z.object({
  question: z.string().trim().max(500).optional(),
  comment: z.string().trim().max(500).optional(),
});

export const GapView = z.object({
  id: z.number(),
  question: z.string(),
  channel: z.enum(['desk', 'portal']),
  regionUnitId: z.number().nullable(),
  bestEntryId: z.number().nullable(),
  bestScore: z.number().nullable(),
  at: z.string(),
});
export const GapQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const ReminderView = z.object({
  id: z.number(),
  entryId: z.number(),
  entryTitle: z.string(),
  kind: z.enum(['expiry', 'review', 'expired']),
  dueOn: z.string(),
  ownerUnitId: z.number().nullable(),
  message: z.string(),
  at: z.string(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
