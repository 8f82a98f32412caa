import { ApiError } from '../../api/request-error.ts';
import type { paths } from '../../api/schema';

type PhotoUploaded = paths['/api/portal/photos']['post']['responses']['201']['content']['application/json'];

/** Multipart upload of one photo; the returned token is sent with the request. */
export async function uploadPhoto(file: File): Promise<PhotoUploaded> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/portal/photos', { method: 'POST', body: form });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw ApiError.fromResponse(response.status, body);
  return body as PhotoUploaded;
}

/** 261122000123 → 261122 000123: easier to read out and to copy down. */
export const spacedNumber = (n: string) => `${n.slice(0, 6)} ${n.slice(6)}`;
