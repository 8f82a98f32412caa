import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { Open311Error, toOpen311Errors } from './errors.ts';
import {
  formatW3c,
  normalisePhone,
  parseW3c,
  personName,
  REDACTED,
  redactPersonalData,
  splitMedia,
  titleFrom,
  withMedia,
} from './fields.ts';
import { xmlList, xmlObject } from './render.ts';

const CST = 480;

describe('titleFrom', () => {
  it('keeps short descriptions whole and cuts long ones at 30 characters', () => {
    expect(titleFrom('  井盖\n缺失  ')).toBe('井盖 缺失');
    const long = '一二三四五六七八九十'.repeat(4);
    expect(titleFrom(long)).toBe(`${long.slice(0, 30)}…`);
  });

  it('never splits a character outside the BMP', () => {
    const title = titleFrom(`${'路'.repeat(29)}😀😀`);
    expect(Array.from(title)).toHaveLength(31);
    expect(title.endsWith('😀…')).toBe(true);
  });
});

describe('personName', () => {
  it('puts the family name first for Chinese names and last otherwise', () => {
    expect(personName('三', '张')).toBe('张三');
    expect(personName('Ada', 'Lovelace')).toBe('Ada Lovelace');
    expect(personName(undefined, '王')).toBe('王');
    expect(personName(undefined, undefined)).toBeUndefined();
  });
});

describe('normalisePhone', () => {
  it('reduces mobile numbers to the 11 digits other channels store', () => {
    expect(normalisePhone('+86 138-1234 5678')).toBe('13812345678');
    expect(normalisePhone('0086 13812345678')).toBe('13812345678');
    expect(normalisePhone('１３８１２３４５６７８')).toBe('13812345678');
  });

  it('keeps landlines recognisable', () => {
    expect(normalisePhone('(010) 6512-3456')).toBe('0106512-3456');
  });
});

describe('redactPersonalData', () => {
  it('hides phone numbers, ID numbers and e-mail addresses', () => {
    expect(redactPersonalData('请打 13812345678 或 138 1234 5678')).toBe(`请打 ${REDACTED} 或 ${REDACTED}`);
    expect(redactPersonalData('座机010-65123456')).toBe(`座机${REDACTED}`);
    expect(redactPersonalData('身份证11010519491231002X')).toBe(`身份证${REDACTED}`);
    expect(redactPersonalData('邮箱 a.b@example.com')).toBe(`邮箱 ${REDACTED}`);
    expect(redactPersonalData('全角１３８１２３４５６７８')).toBe(`全角${REDACTED}`);
  });

  it('leaves house numbers and dates alone', () => {
    expect(redactPersonalData('滨江路 88 号 3 栋 1201 室，2026-03-02 起')).toBe(
      '滨江路 88 号 3 栋 1201 室，2026-03-02 起',
    );
  });
});

describe('media_url in the order content', () => {
  it('round-trips through the content', () => {
    const content = withMedia('井盖缺失', 'https://img.example.com/a.jpg');
    expect(content).toContain('https://img.example.com/a.jpg');
    expect(splitMedia(content)).toEqual({
      description: '井盖缺失',
      mediaUrl: 'https://img.example.com/a.jpg',
    });
    expect(splitMedia('井盖缺失')).toEqual({ description: '井盖缺失', mediaUrl: null });
  });
});

describe('W3C date-times', () => {
  it('formats in the local offset', () => {
    expect(formatW3c(new Date('2026-03-02T01:30:00Z'), CST)).toBe('2026-03-02T09:30:00+08:00');
    expect(formatW3c(new Date('2026-03-02T01:30:00Z'), -300)).toBe('2026-03-01T20:30:00-05:00');
  });

  it('parses date-times with a zone and bare dates as local days', () => {
    expect(parseW3c('start_date', '2026-03-02T09:30:00+08:00', CST).toISOString()).toBe(
      '2026-03-02T01:30:00.000Z',
    );
    expect(parseW3c('start_date', '2026-03-02T01:30:00.5Z', CST).toISOString()).toBe(
      '2026-03-02T01:30:00.500Z',
    );
    expect(parseW3c('start_date', '2026-03-02', CST).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(parseW3c('end_date', '2026-03-02', CST, true).toISOString()).toBe('2026-03-02T15:59:59.999Z');
  });

  it('refuses date-times without a zone and impossible dates, naming the field', () => {
    expect(() => parseW3c('end_date', '2026-03-02T09:30:00', CST)).toThrow(/^end_date:/);
    expect(() => parseW3c('start_date', '2026-02-30', CST)).toThrow(/^start_date:/);
    expect(() => parseW3c('start_date', 'yesterday', CST)).toThrow(Open311Error);
  });
});

describe('GeoReport documents', () => {
  const parser = new XMLParser({ parseTagValue: false });

  it('writes errors as <errors><error>', () => {
    const { status, errors } = toOpen311Errors(new Open311Error(403, 'api_key 无效'));
    expect(status).toBe(403);
    const doc = parser.parse(xmlList('errors', errors));
    expect(doc.errors.error).toEqual({ code: '403', description: 'api_key 无效' });
  });

  it('escapes text and writes nulls as empty elements', () => {
    const doc = parser.parse(xmlList('requests', [{ description: '<b>&</b>', zipcode: null }]));
    expect(doc.service_requests.request).toEqual({ description: '<b>&</b>', zipcode: '' });
  });

  it('names nested list items as the spec does', () => {
    const body = xmlObject('discovery', {
      endpoints: [{ formats: ['application/xml', 'application/json'] }],
    });
    expect(body).toContain('<format>application/xml</format>');
    expect(parser.parse(body).discovery.endpoints.endpoint.formats.format).toEqual([
      'application/xml',
      'application/json',
    ]);
  });

  it('maps unexpected errors to 500 without details', () => {
    expect(toOpen311Errors(new Error('db exploded'))).toEqual({
      status: 500,
      errors: [{ code: 500, description: '服务器内部错误' }],
    });
  });
});
