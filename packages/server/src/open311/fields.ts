import { badRequest } from './errors.ts';

/** Small, pure conversions between GeoReport fields and Jiesu's order fields. */

const FULLWIDTH_DIGITS = /[０-９]/g;
const toAsciiDigits = (s: string) =>
  s.replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** A form or JSON scalar as trimmed text; empty means absent (forms send `lat=` for blank inputs). */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

export function number(field: string, value: unknown, min: number, max: number): number | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min || n > max) throw badRequest(field, `须为 ${min} 到 ${max} 之间的数字`);
  return n;
}

/** 标题: the first ~30 characters of the description (by code point, so no emoji is cut in half). */
export const TITLE_LENGTH = 30;
export function titleFrom(description: string): string {
  const chars = Array.from(description.replace(/\s+/g, ' ').trim());
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH).join('')}…` : chars.join('');
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Chinese names are family name first without a space (张 + 三 = 张三); others "first last". */
export function personName(first: string | undefined, last: string | undefined): string | undefined {
  if (!first || !last) return first ?? last;
  return CJK.test(first) || CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
}

/**
 * Phone numbers as people type them ("+86 138-1234 5678", "(010) 6512 3456", full-width digits).
 * Mobile numbers become the bare 11 digits other channels store, so the caller's history matches.
 */
export function normalisePhone(phone: string): string {
  const compact = toAsciiDigits(phone).replace(/[\s().]/g, '');
  const mobile = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(compact.replace(/-/g, ''));
  return mobile?.[1] ?? compact;
}

/**
 * Orders have no media column yet, so an Open311 media_url is kept as the last line of the order's
 * content, where handlers see it; the public view splits it off again into media_url.
 */
export const MEDIA_LINE_PREFIX = '附件链接（Open311 media_url）：';
const MEDIA_LINE = /\n\n附件链接（Open311 media_url）：(\S+)$/;

export const withMedia = (content: string, mediaUrl: string | undefined) =>
  mediaUrl ? `${content}\n\n${MEDIA_LINE_PREFIX}${mediaUrl}` : content;

export function splitMedia(content: string): { description: string; mediaUrl: string | null } {
  const m = MEDIA_LINE.exec(content);
  return m
    ? { description: content.slice(0, m.index), mediaUrl: m[1] ?? null }
    : { description: content, mediaUrl: null };
}

export function mediaUrl(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(s);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || s.length > 1000 || /\s/.test(s)) {
    throw badRequest('media_url', '须为 http(s) 链接，最长 1000 字符');
  }
  return s;
}

const D = '[0-9０-９]';
const PERSONAL_DATA: readonly RegExp[] = [
  // e-mail addresses
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  // 身份证号 resident ID numbers (18 and old 15 digits)
  new RegExp(`(?<![0-9０-９A-Za-z])${D}{17}[0-9０-９Xx](?![0-9０-９A-Za-z])`, 'g'),
  // mobile and landline numbers, with or without +86, spaces or hyphens
  new RegExp(`(?<!${D})(?:\\+?86[-\\s]?)?1[3-9]${D}(?:[-\\s]?${D}{4}){2}(?!${D})`, 'g'),
  new RegExp(`(?<!${D})\\(?0${D}{2,3}\\)?[-\\s]?${D}{7,8}(?!${D})`, 'g'),
  // any other run of 7 or more digits (local numbers, bank cards, licence numbers)
  new RegExp(`${D}{7,}`, 'g'),
];
export const REDACTED = '***';

/**
 * The public GET requests feed shows what citizens wrote, but never their contact details or ID
 * numbers (PIPL: collect the minimum, mask on display), even when they typed them into the text.
 */
export function redactPersonalData(s: string): string {
  return PERSONAL_DATA.reduce((acc, re) => acc.replace(re, REDACTED), s);
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A W3C date or date-time (the subset of ISO 8601 GeoReport uses). Date-times must carry a time
 * zone; a bare date is a local calendar day, its start — or, with `endOfDay`, its last millisecond.
 */
export function parseW3c(field: string, value: string, utcOffsetMinutes: number, endOfDay = false): Date {
  const m = W3C.exec(value.trim());
  const problem = () => badRequest(field, '须为含时区的 W3C 日期时间，如 2026-03-02T09:30:00+08:00');
  if (!m) throw problem();
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  if (new Date(day).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) throw problem();
  if (h === undefined) {
    return new Date(day - utcOffsetMinutes * 60_000 + (endOfDay ? 86_400_000 - 1 : 0));
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) throw problem();
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ? frac.slice(0, 4) : ''}${zone}`);
  if (Number.isNaN(ms)) throw problem();
  return new Date(ms);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** W3C date-time in the deployment's local offset, e.g. 2026-03-02T09:30:00+08:00. */
export function formatW3c(at: Date, utcOffsetMinutes: number): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local wall-clock time for notices people read: 2026-03-09 17:30. */
export const formatLocal = (at: Date, utcOffsetMinutes: number) =>
  formatW3c(at, utcOffsetMinutes).slice(0, 16).replace('T', ' ');
