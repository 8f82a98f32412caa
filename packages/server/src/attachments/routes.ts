import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { AppError } from '../platform/errors.ts';
import { MAX_ATTACHMENT_BYTES, readAttachment, storeAttachment } from './attachments.ts';

const tags = ['附件 attachments'];

/** The one file of a multipart/form-data upload (field `file`), within the size limit. */
export async function readUploadedFile(req: FastifyRequest): Promise<{ fileName: string; content: Buffer }> {
  if (!req.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { contentType: 'multipart/form-data' });
  const file = await req.file();
  if (!file) throw new AppError('VALIDATION_FAILED', { field: 'file' }, '缺少文件字段 file');
  const content = await file.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { field: 'file' });
    throw err;
  });
  return { fileName: file.filename, content };
}

export async function attachmentRoutes(fastify: FastifyInstance, ctx: Context) {
  await fastify.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/attachments',
    {
      schema: {
        tags,
        summary: '上传附件（multipart/form-data，字段 file；按内容识别类型，最大 10 MB）',
        consumes: ['multipart/form-data'],
        response: {
          201: z.object({
            id: z.number(),
            fileName: z.string(),
            mimeType: z.string(),
            sizeBytes: z.number(),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { contentType: 'multipart/form-data' });
      const file = await req.file();
      if (!file) throw new AppError('VALIDATION_FAILED', { field: 'file' }, '缺少文件字段 file');
      const content = await file.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { field: 'file' });
        throw err;
      });
      const stored = await storeAttachment(ctx, { actor: req.actor, fileName: file.filename, content });
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags,
        summary: '下载附件（原始文件内容）',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const a = await readAttachment(ctx, { actor: req.actor, id: req.params.id });
      return reply
        .header('content-type', a.mimeType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(a.content);
    },
  );
}
