import { FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Flex, Image, Skeleton, Tooltip, Typography } from 'antd';

interface AttachmentMeta {
  id: number;
  mimeType: string;
  fileName: string;
}

const url = (id: number) => `/api/attachments/${id}`;

/** Type and name from the download's headers (HEAD: nothing is transferred but the headers). */
async function attachmentMeta(id: number, signal: AbortSignal): Promise<AttachmentMeta> {
  const res = await fetch(url(id), { method: 'HEAD', credentials: 'same-origin', signal });
  if (!res.ok) throw new Error(`附件 ${id} 无法读取（HTTP ${res.status}）`);
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  let fileName = `附件 ${id}`;
  if (encoded) {
    try {
      fileName = decodeURIComponent(encoded);
    } catch {
      // keep the fallback name
    }
  }
  return { id, mimeType: res.headers.get('content-type') ?? '', fileName };
}

/**
 * A reply's attachments: photos as thumbnails that open a preview, other files (签批件 PDF, documents)
 * as named download links.
 */
export function AttachmentThumbs({ ids, label }: { ids: readonly number[]; label?: string }) {
  const metas = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['attachments', 'meta', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => attachmentMeta(id, signal),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  if (ids.length === 0) return null;
  return (
    <div data-testid="reply-attachments">
      {label && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
          {label}（{ids.length}）
        </Typography.Text>
      )}
      <Image.PreviewGroup>
        <Flex gap={8} wrap>
          {ids.map((id, i) => {
            const meta = metas[i];
            if (!meta || meta.isPending)
              return <Skeleton.Image key={id} active style={{ width: 88, height: 66 }} />;
            const m = meta.data;
            if (m?.mimeType.startsWith('image/')) {
              return (
                <Image
                  key={id}
                  src={url(id)}
                  alt={m.fileName}
                  width={88}
                  height={66}
                  style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #e5e9f0' }}
                />
              );
            }
            const name = m?.fileName ?? `附件 ${id}`;
            return (
              <Tooltip key={id} title={meta.isError ? '附件无法读取' : `下载 ${name}`}>
                <a
                  href={url(id)}
                  download={name}
                  style={{
                    display: 'inline-flex',
                    alignItems: 'center',
                    gap: 6,
                    maxWidth: 220,
                    height: 66,
                    padding: '0 12px',
                    border: '1px solid #e5e9f0',
                    borderRadius: 6,
                    background: '#fafbfc',
                  }}
                >
                  {m?.mimeType === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />}
                  <Typography.Text ellipsis style={{ maxWidth: 170 }}>
                    {name}
                  </Typography.Text>
                </a>
              </Tooltip>
            );
          })}
        </Flex>
      </Image.PreviewGroup>
    </div>
  );
}
