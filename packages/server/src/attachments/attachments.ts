import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type Actor, requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { canSeeOrder } from '../orders/act-on-order.ts';
import type { OrderRow } from '../orders/order-row.ts';
import { AppError, notFound } from '../platform/errors.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What people attach to replies and returns: photos, scans, documents, recordings. Decided by content, never by name. */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'audio/mpeg',
  'audio/wav',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export interface AttachmentView {
  id: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

/** Stores an upload until a step links it to an order; only its uploader may link it. */
export async function storeAttachment(
  ctx: Context,
  o: {
    actor: Actor | null;
    fileName: string;
    content: Buffer;
    /** Narrower than ALLOWED_TYPES, e.g. photos only from the public portal. */
    allowedTypes?: ReadonlySet<string>;
    /** Anonymous uploads are claimed later by this token's hash instead of by their uploader. */
    uploadTokenHash?: string;
  },
): Promise<AttachmentView> {
  const actor = requireActor(o.actor);
  if (
    !['order.handle', 'order.create', 'order.dispatch', 'order.visit'].some((p) =>
      actor.permissions.has(p as never),
    )
  ) {
    throw new AppError('FORBIDDEN', { permission: 'order.handle' });
  }
  if (o.content.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'file' }, '文件为空');
  const type = await fileTypeFromBuffer(o.content);
  if (!type || !(o.allowedTypes ?? ALLOWED_TYPES).has(type.mime)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      { field: 'file', detected: type?.mime ?? null },
      '不支持的文件类型',
    );
  }
  const fileName = o.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `附件.${type.ext}`;
  const [row] = await ctx.db.query<{ id: number }>(
    `INSERT INTO attachments (uploaded_by, file_name, mime_type, size_bytes, sha256, content, upload_token_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      actor.userId,
      fileName,
      type.mime,
      o.content.length,
      createHash('sha256').update(o.content).digest('hex'),
      o.content,
      o.uploadTokenHash ?? null,
    ],
  );
  if (!row) throw new AppError('INTERNAL');
  return { id: row.id, fileName, mimeType: type.mime, sizeBytes: o.content.length };
}

/** An attachment is visible to its uploader and to whoever may see the order it belongs to. */
export async function readAttachment(ctx: Context, o: { actor: Actor | null; id: number }) {
  const actor = requireActor(o.actor);
  const [a] = await ctx.db.query<{
    id: number;
    order_id: number | null;
    uploaded_by: number | null;
    file_name: string;
    mime_type: string;
    content: Uint8Array;
  }>('SELECT id, order_id, uploaded_by, file_name, mime_type, content FROM attachments WHERE id = $1', [
    o.id,
  ]);
  if (!a) throw notFound('attachment', o.id);
  let visible = a.uploaded_by !== null && a.uploaded_by === actor.userId;
  if (!visible && a.order_id !== null) {
    const [order] = await ctx.db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [a.order_id]);
    visible = !!order && (await canSeeOrder(ctx.db, actor, order, await ctx.refs.get()));
  }
  if (!visible) throw notFound('attachment', o.id);
  return { fileName: a.file_name, mimeType: a.mime_type, content: Buffer.from(a.content) };
}
