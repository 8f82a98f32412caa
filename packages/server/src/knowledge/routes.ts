import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { answerQuestion, listGaps, markNotHelpful } from './answer.ts';
import { type ChatAdapter, chatConfigFromEnv, openAiChatAdapter } from './chat.ts';
import { actOnEntry, createEntry, getEntry, updateEntry } from './entries.ts';
import { askedQuestions, diffVersions, listEntries, listEvents, listVersions } from './queries.ts';
import { listReminders } from './reminders.ts';
import {
  ActionBody,
  AnswerBody,
  AnswerView,
  AskedQuery,
  AskedQuestionView,
  DiffQuery,
  DiffView,
  EntryInput,
  EntrySummary,
  EntryView,
  EventView,
  FeedbackBody,
  GapQuery,
  GapView,
  Id,
  ListQuery,
  page,
  ReminderView,
  SynonymBody,
  SynonymView,
  UpdateBody,
  VersionView,
} from './schemas.ts';
import { draftFromOrder, exportEntries, importEntries, ShareFile } from './share.ts';
import { deleteSynonymGroup, listSynonyms, saveSynonymGroup } from './synonyms.ts';

const tags = ['知识库 knowledge'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const Params = z.object({ id: Id });
const ACTION_SUMMARY = {
  submit: '提交审核（草稿 → 审核中）',
  reject: '退回修改（审核中 → 草稿，须填写意见）',
  approve: '审核通过并发布（审核中 → 已发布）',
  withdraw: '撤回（已发布/已过期 → 已撤回）',
  confirm: '复核确认内容仍然有效（更新复核日期）',
} as const;

export interface KnowledgeRouteOptions {
  /** Phrases answers with a chat model; default from KNOWLEDGE_CHAT_URL (off when unset). */
  chat?: ChatAdapter | undefined;
}

/** 知识库 API for staff. Reads need knowledge.read; writing knowledge.edit; decisions knowledge.publish. */
export async function knowledgeRoutes(
  fastify: FastifyInstance,
  ctx: Context,
  options: KnowledgeRouteOptions = {},
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const chatConfig = chatConfigFromEnv();
  const chat =
    options.chat ??
    (chatConfig ? openAiChatAdapter(chatConfig, (m, err) => fastify.log.warn({ err }, m)) : undefined);

  app.get(
    '/api/knowledge/entries',
    {
      schema: {
        tags,
        summary: '知识条目列表与检索（q 为检索词时按相关度排序并给出高亮摘要）',
        querystring: ListQuery,
        response: { 200: page(EntrySummary), ...errors },
      },
    },
    async (req) => listEntries(ctx, { actor: req.actor, ...req.query }),
  );

  app.post(
    '/api/knowledge/entries',
    {
      schema: {
        tags,
        summary: '新建知识条目（草稿）',
        body: EntryInput,
        response: { 201: EntryView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createEntry(ctx, { actor: req.actor, input: req.body })),
  );

  app.get(
    '/api/knowledge/entries/:id',
    {
      schema: {
        tags,
        summary: '知识条目详情（计一次浏览；过期、撤回或未发布时 expired=true 并给出提示）',
        params: Params,
        response: { 200: EntryView, ...errors },
      },
    },
    async (req) => getEntry(ctx, { actor: req.actor, id: req.params.id }),
  );

  app.put(
    '/api/knowledge/entries/:id',
    {
      schema: {
        tags,
        summary: '修改知识条目（保存为新版本；已发布条目回到草稿待审核）',
        params: Params,
        body: UpdateBody,
        response: { 200: EntryView, ...errors },
      },
    },
    async (req) => {
      const { version, note, ...input } = req.body;
      return updateEntry(ctx, { actor: req.actor, id: req.params.id, input, version, note });
    },
  );

  for (const action of ['submit', 'reject', 'approve', 'withdraw', 'confirm'] as const) {
    app.post(
      `/api/knowledge/entries/:id/${action}`,
      {
        schema: {
          tags,
          summary: ACTION_SUMMARY[action],
          params: Params,
          body: ActionBody.optional(),
          response: { 200: EntryView, ...errors },
        },
      },
      async (req) => actOnEntry(ctx, { actor: req.actor, id: req.params.id, action, note: req.body?.note }),
    );
  }

  app.get(
    '/api/knowledge/entries/:id/versions',
    {
      schema: {
        tags,
        summary: '版本历史（新版本在前）',
        params: Params,
        response: { 200: z.array(VersionView), ...errors },
      },
    },
    async (req) => listVersions(ctx, { actor: req.actor, id: req.params.id }),
  );

  app.get(
    '/api/knowledge/entries/:id/diff',
    {
      schema: {
        tags,
        summary: '两个版本之间的差异（按行）',
        params: Params,
        querystring: DiffQuery,
        response: { 200: DiffView, ...errors },
      },
    },
    async (req) => diffVersions(ctx, { actor: req.actor, id: req.params.id, ...req.query }),
  );

  app.get(
    '/api/knowledge/entries/:id/events',
    {
      schema: {
        tags,
        summary: '审核流程记录',
        params: Params,
        response: { 200: z.array(EventView), ...errors },
      },
    },
    async (req) => listEvents(ctx, { actor: req.actor, id: req.params.id }),
  );

  app.get(
    '/api/knowledge/entries/:id/asked',
    {
      schema: {
        tags,
        summary: '来电问法：直接答复引用本条目的工单标题，供采纳为常见问法',
        params: Params,
        querystring: AskedQuery,
        response: { 200: z.array(AskedQuestionView), ...errors },
      },
    },
    async (req) => askedQuestions(ctx, { actor: req.actor, id: req.params.id, limit: req.query.limit }),
  );

  app.post(
    '/api/knowledge/entries/:id/not-helpful',
    {
      schema: {
        tags,
        summary: '标记“没有帮助”',
        params: Params,
        body: FeedbackBody,
        response: { 200: z.object({ notHelpful: z.number() }), ...errors },
      },
    },
    async (req) => markNotHelpful(ctx, { actor: req.actor, id: req.params.id, ...req.body, channel: 'desk' }),
  );

  app.post(
    '/api/knowledge/entries/from-order/:orderId',
    {
      schema: {
        tags,
        summary: '由已办结工单的诉求与答复生成知识草稿（隐去个人信息）',
        params: z.object({ orderId: Id }),
        response: { 201: EntryView, ...errors },
      },
    },
    async (req, reply) => {
      const id = await draftFromOrder(ctx, { actor: req.actor, orderId: req.params.orderId, ip: req.ip });
      return reply.status(201).send(await getEntry(ctx, { actor: req.actor, id, countView: false }));
    },
  );

  app.post(
    '/api/knowledge/answer',
    {
      schema: {
        tags,
        summary: '智能答复：最相关的已发布有效条目及答复段落；问题含糊时返回反问选项',
        body: AnswerBody,
        response: { 200: AnswerView, ...errors },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'knowledge.read');
      return answerQuestion(ctx, { ...req.body, channel: 'desk', chat });
    },
  );

  app.get(
    '/api/knowledge/gaps',
    {
      schema: {
        tags,
        summary: '知识缺口：没有找到满意答案的问题（新在前）',
        querystring: GapQuery,
        response: { 200: page(GapView), ...errors },
      },
    },
    async (req) => listGaps(ctx, { actor: req.actor, ...req.query }),
  );

  app.get(
    '/api/knowledge/reminders',
    {
      schema: {
        tags,
        summary: '到期与复核提醒（单位用户只看本单位）',
        querystring: GapQuery.extend({ ownerUnitId: Id.optional() }),
        response: { 200: page(ReminderView), ...errors },
      },
    },
    async (req) => listReminders(ctx, { actor: req.actor, ...req.query }),
  );

  app.get(
    '/api/knowledge/synonyms',
    { schema: { tags, summary: '同义词组', response: { 200: z.array(SynonymView), ...errors } } },
    async (req) => listSynonyms(ctx, req.actor),
  );
  app.post(
    '/api/knowledge/synonyms',
    {
      schema: { tags, summary: '新增同义词组', body: SynonymBody, response: { 201: SynonymView, ...errors } },
    },
    async (req, reply) =>
      reply.status(201).send(await saveSynonymGroup(ctx, { actor: req.actor, terms: req.body.terms })),
  );
  app.put(
    '/api/knowledge/synonyms/:id',
    {
      schema: {
        tags,
        summary: '修改同义词组',
        params: Params,
        body: SynonymBody,
        response: { 200: SynonymView, ...errors },
      },
    },
    async (req) => saveSynonymGroup(ctx, { actor: req.actor, id: req.params.id, terms: req.body.terms }),
  );
  app.delete(
    '/api/knowledge/synonyms/:id',
    { schema: { tags, summary: '删除同义词组', params: Params, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteSynonymGroup(ctx, { actor: req.actor, id: req.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/knowledge/export',
    {
      schema: {
        tags,
        summary: '导出已发布的有效条目（jiesu-knowledge 第 1 版格式，见 docs/knowledge-format.md）',
        querystring: z.object({ categoryId: Id.optional(), origin: z.string().max(100).optional() }),
        response: { 200: ShareFile, ...errors },
      },
    },
    async (req) => exportEntries(ctx, { actor: req.actor, ...req.query }),
  );

  app.post(
    '/api/knowledge/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入其他城市的知识（全部作为草稿待审核；无法匹配的区域、分类、单位会列出）',
        body: ShareFile,
        response: {
          200: z.object({
            created: z.array(z.object({ ref: z.string(), id: z.number() })),
            warnings: z.array(z.object({ ref: z.string(), message: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => importEntries(ctx, { actor: req.actor, file: req.body, ip: req.ip }),
  );
}
