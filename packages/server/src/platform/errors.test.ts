import type { FastifyError } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { InvalidTransition } from '../domain/order-lifecycle.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import {
  AppError,
  ERROR_CODES,
  type ErrorCode,
  notFound,
  RETIRED_ERROR_CODES,
  referenceNotFound,
  ruleViolation,
} from './errors.ts';
import { toAppError } from './http.ts';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('the error code registry', () => {
  it.each(codes)('%s has a 4xx/5xx status and a non-empty Chinese message', (code) => {
    const { status, message } = ERROR_CODES[code];
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(message.trim()).not.toBe('');
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names every code in UPPER_SNAKE_CASE', () => {
    const bad = codes.filter((c) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(c));
    expect(bad).toEqual([]);
  });

  it('never brings a retired code back, and lists each retired code once', () => {
    expect(codes.filter((c) => RETIRED_ERROR_CODES.includes(c))).toEqual([]);
    expect(new Set(RETIRED_ERROR_CODES).size).toBe(RETIRED_ERROR_CODES.length);
    for (const c of RETIRED_ERROR_CODES) expect(c).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('keeps 500 for the internal error only, so every known failure is a client error', () => {
    expect(codes.filter((c) => ERROR_CODES[c].status >= 500)).toEqual(['INTERNAL']);
  });
});

describe('AppError', () => {
  it('carries the status, the registry message and the details into the one JSON shape', () => {
    const e = new AppError('VERSION_CONFLICT', { version: 3 });
    expect(e.status).toBe(409);
    expect(e.toJSON()).toEqual({
      error: {
        code: 'VERSION_CONFLICT',
        message: ERROR_CODES.VERSION_CONFLICT.message,
        details: { version: 3 },
      },
    });
  });

  it('names the field in reference and rule errors', () => {
    expect(referenceNotFound('categoryId', 7).toJSON().error).toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      details: { field: 'categoryId', id: 7 },
    });
    expect(referenceNotFound('categoryId', 7).message).toContain('categoryId');
    expect(ruleViolation('parentId', '层级不符').toJSON().error).toEqual({
      code: 'RULE_VIOLATION',
      message: '层级不符',
      details: { field: 'parentId' },
    });
    expect(notFound('order', 5).details).toEqual({ resource: 'order', id: 5 });
  });
});

describe('toAppError', () => {
  const fastifyError = (code: string, statusCode: number, message = 'x') =>
    Object.assign(new Error(message), { code, statusCode }) as FastifyError;

  it('maps body parser failures to coded 4xx errors that name the body or content type', () => {
    expect(toAppError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400)).toJSON().error).toMatchObject({
      code: 'MALFORMED_BODY',
      details: { field: 'body' },
    });
    expect(toAppError(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400)).code).toBe('MALFORMED_BODY');
    expect(toAppError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).toJSON().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { field: 'content-type' },
    });
    expect(toAppError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413)).status).toBe(413);
    expect(toAppError(new SyntaxError('Unexpected token')).code).toBe('MALFORMED_BODY');
  });

  it('maps refused lifecycle transitions to INVALID_TRANSITION with the state and action', () => {
    const e = toAppError(new InvalidTransition('closed', 'sign'));
    expect(e.status).toBe(409);
    expect(e.details).toEqual({ state: 'closed', action: 'sign' });
  });

  it('turns anything unknown into INTERNAL without leaking its message', () => {
    const e = toAppError(new TypeError("Cannot read properties of null (reading 'permissions')"));
    expect(e.toJSON()).toEqual({
      error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message, details: {} },
    });
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('FORBIDDEN', { permission: 'order.dispatch' });
    expect(toAppError(original)).toBe(original);
  });
});

describe('the OpenAPI document', () => {
  let testDb: TestDb;
  let doc: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  beforeAll(async () => {
    testDb = await createTestDb();
    const { app } = await buildApp({ db: testDb.db, logLevel: 'silent' });
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
    await app.close();
  });
  afterAll(() => testDb.drop());

  /** The `error.code` enum of every documented 4xx/5xx response of the Jiesu API (Open311 has its own format). */
  function errorCodeEnums(): { where: string; codes: string[] }[] {
    const found: { where: string; codes: string[] }[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (Number(status) < 400) continue;
          const schema = (response as { content?: Record<string, { schema?: ErrorSchema }> }).content?.[
            'application/json'
          ]?.schema;
          const codes = schema?.properties?.error?.properties?.code?.enum;
          expect(codes, `${method} ${path} ${status} documents its error codes`).toBeDefined();
          found.push({ where: `${method} ${path} ${status}`, codes: codes ?? [] });
        }
      }
    }
    return found;
  }
  type ErrorSchema = { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } };

  it('documents every error code in the ErrorBody enum of every error response', () => {
    const enums = errorCodeEnums();
    expect(enums.length).toBeGreaterThan(20);
    for (const { where, codes: documented } of enums) {
      expect(
        codes.filter((c) => !documented.includes(c)),
        `${where} is missing codes`,
      ).toEqual([]);
      expect(
        documented.filter((c) => RETIRED_ERROR_CODES.includes(c)),
        `${where} lists retired codes`,
      ).toEqual([]);
    }
  });
});
