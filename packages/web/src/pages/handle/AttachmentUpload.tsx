import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/request-error.ts';

/** The server's limits (packages/server/src/attachments/attachments.ts): type by content, 10 MB. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,image/jpeg,image/png,image/webp,image/gif';
const FILE_ACCEPT = `${PHOTO_ACCEPT},.pdf,.mp3,.wav,.docx,.xlsx`;
export const UPLOAD_LIMITS = {
  photo: 'JPG、PNG、WebP、GIF，每个不超过 10 MB',
  file: '照片、PDF、docx、xlsx、mp3、wav，每个不超过 10 MB',
} as const;

interface Uploaded {
  id: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

/** POST /api/attachments with upload progress (fetch cannot report it; XMLHttpRequest can). */
function uploadFile(file: File, onProgress: (percent: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 201) resolve(xhr.response as Uploaded);
      else reject(ApiError.fromResponse(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(ApiError.network(null));
    const body = new FormData();
    body.append('file', file);
    xhr.send(body);
  });
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Photos or files for a step: each is uploaded at once with a progress bar; the server's verdict
 * (unsupported type, too large) shows under the file. `onChange` gets the ids of finished uploads,
 * `onBusyChange` whether any is still on its way.
 */
export function AttachmentUpload({
  kind,
  label,
  onChange,
  onBusyChange,
  disabled,
  max = 20,
  testId,
}: {
  kind: 'photo' | 'file';
  label: string;
  onChange: (ids: number[]) => void;
  onBusyChange?: (busy: boolean) => void;
  disabled?: boolean;
  max?: number;
  testId?: string;
}) {
  const [files, setFiles] = useState<UploadFile<Uploaded>[]>([]);
  const update = (uid: string, patch: Partial<UploadFile<Uploaded>>) =>
    setFiles((list) => list.map((f) => (f.uid === uid ? { ...f, ...patch } : f)));

  const ids = files.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
  const busy = files.some((f) => f.status === 'uploading');
  const idsKey = ids.join(',');
  useEffect(() => onChange(idsKey ? idsKey.split(',').map(Number) : []), [idsKey]);
  useEffect(() => onBusyChange?.(busy), [busy]);

  const errors = files.filter((f) => f.status === 'error');

  return (
    <div data-testid={testId}>
      <Upload<Uploaded>
        accept={kind === 'photo' ? PHOTO_ACCEPT : FILE_ACCEPT}
        multiple
        listType={kind === 'photo' ? 'picture' : 'text'}
        fileList={files}
        disabled={disabled}
        maxCount={max}
        beforeUpload={(file) => {
          if (file.size > MAX_UPLOAD_BYTES) {
            setFiles((list) => [
              ...list,
              {
                uid: file.uid,
                name: file.name,
                status: 'error',
                response: undefined,
                error: new Error(`文件超过 10 MB（${sizeText(file.size)}）`),
              },
            ]);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => {
          const f = file as File & { uid: string };
          setFiles((list) => [...list, { uid: f.uid, name: f.name, status: 'uploading', percent: 0 }]);
          uploadFile(f, (percent) => update(f.uid, { percent }))
            .then((res) =>
              update(f.uid, {
                status: 'done',
                percent: 100,
                response: res,
                url: `/api/attachments/${res.id}`,
                thumbUrl: res.mimeType.startsWith('image/') ? `/api/attachments/${res.id}` : undefined,
              }),
            )
            .catch((error: unknown) =>
              update(f.uid, {
                status: 'error',
                error: new Error(
                  error instanceof ApiError
                    ? error.code === 'PAYLOAD_TOO_LARGE'
                      ? '文件超过 10 MB'
                      : error.message
                    : '上传失败',
                ),
              }),
            );
        }}
        onRemove={(file) => {
          setFiles((list) => list.filter((f) => f.uid !== file.uid));
          return false;
        }}
      >
        <Button icon={kind === 'photo' ? <CameraOutlined /> : <PaperClipOutlined />} disabled={disabled}>
          {label}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {UPLOAD_LIMITS[kind]}
      </Typography.Text>
      {errors.map((f) => (
        <Typography.Text key={f.uid} type="danger" style={{ display: 'block', fontSize: 12 }} role="alert">
          {f.name}：{(f.error as Error | undefined)?.message ?? '上传失败'}
        </Typography.Text>
      ))}
    </div>
  );
}
