/** The organisation tree, the category tree and user accounts, as the admin edits them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (user: UserKey | null, url: string, payload: object) =>
  t.as(user, { method: 'POST', url, payload });
const expectError = (res: Awaited<ReturnType<typeof post>>, status: number, code: string, field: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error).toMatchObject({ code, details: { field } });
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
};
const count = async (table: 'units' | 'categories' | 'users') =>
  (await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;

describe('units', () => {
  it('hangs a grid under a community, and lists it with its parentId', async () => {
    const res = await post('admin', '/api/units', {
      kind: 'grid',
      name: '望江社区第二网格',
      parentId: t.units.community,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const list = await t.as('handler', { method: 'GET', url: '/api/units' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: number; parentId: number | null; kind: string; depth: number }[];
    expect(items.find((u) => u.id === id)).toMatchObject({
      parentId: t.units.community,
      kind: 'grid',
      depth: 5,
    });
    expect(items.find((u) => u.id === t.units.street)).toMatchObject({
      parentId: t.units.district,
      kind: 'street',
    });
    expect(items.find((u) => u.id === t.units.city)).toMatchObject({ parentId: null, depth: 1 });
    expect(items.map((u) => u.id)).toEqual([...items.map((u) => u.id)].sort((a, b) => a - b));
  });

  it.each([
    ['a grid under a street', 'grid', 'street', 'parentId'],
    ['a grid under the city', 'grid', 'city', 'parentId'],
    ['a district under a street', 'district', 'street', 'parentId'],
    ['a district under a department', 'district', 'housingBureau', 'parentId'],
    ['a community under a district', 'community', 'district', 'parentId'],
    ['a department under a district', 'department', 'district', 'parentId'],
    ['a city under the city', 'city', 'city', 'parentId'],
  ] as const)('refuses %s (422, names the field)', async (_, kind, parent, field) => {
    const before = await count('units');
    const res = await post('admin', '/api/units', {
      kind,
      name: '不合层级的单位',
      parentId: t.units[parent],
    });
    expectError(res, 422, 'RULE_VIOLATION', field);
    expect(await count('units')).toBe(before);
  });

  it('refuses a district without a parent, naming the kind', async () => {
    expectError(
      await post('admin', '/api/units', { kind: 'district', name: '孤立的区' }),
      422,
      'RULE_VIOLATION',
      'kind',
    );
  });

  it('accepts a district under the city and a utility under the city', async () => {
    expect(
      (await post('admin', '/api/units', { kind: 'district', name: '南湖区', parentId: t.units.city }))
        .statusCode,
    ).toBe(201);
    expect(
      (await post('admin', '/api/units', { kind: 'utility', name: '市燃气集团', parentId: t.units.city }))
        .statusCode,
    ).toBe(201);
  });

  it('refuses an unknown parent (422) and an unknown kind (400)', async () => {
    expectError(
      await post('admin', '/api/units', { kind: 'street', name: '某街道', parentId: 999_999 }),
      422,
      'REFERENCE_NOT_FOUND',
      'parentId',
    );
    expectError(
      await post('admin', '/api/units', { kind: 'province', name: '某省' }),
      400,
      'VALIDATION_FAILED',
      'body.kind',
    );
    expectError(
      await post('admin', '/api/units', { kind: 'street', name: '', parentId: t.units.district }),
      400,
      'VALIDATION_FAILED',
      'body.name',
    );
  });

  it('refuses a unit code already in use (409), not a 500', async () => {
    const first = await post('admin', '/api/units', {
      kind: 'department',
      name: '市水务局',
      code: 'SWJ',
      parentId: t.units.city,
    });
    expect(first.statusCode, first.body).toBe(201);
    const before = await count('units');
    const again = await post('admin', '/api/units', {
      kind: 'department',
      name: '市水务局（重复）',
      code: 'SWJ',
      parentId: t.units.city,
    });
    expectError(again, 409, 'ALREADY_EXISTS', 'code');
    expect(await count('units')).toBe(before);
  });
});

describe('categories', () => {
  it('allows five levels and refuses the sixth (422, names parentId)', async () => {
    let parentId: number | undefined;
    const ids: number[] = [];
    for (const name of ['城乡建设', '住房保障', '物业管理', '公共维修', '电梯故障']) {
      const res = await post(
        'admin',
        '/api/categories',
        parentId === undefined ? { name } : { name, parentId },
      );
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      parentId = res.json().id as number;
      ids.push(parentId);
    }
    const before = await count('categories');
    expectError(
      await post('admin', '/api/categories', { name: '第六级', parentId }),
      422,
      'RULE_VIOLATION',
      'parentId',
    );
    expect(await count('categories')).toBe(before);

    const items = (await t.as('dispatcher', { method: 'GET', url: '/api/categories' })).json().items as {
      id: number;
      parentId: number | null;
      depth: number;
    }[];
    expect(ids.map((id) => items.find((c) => c.id === id)?.depth)).toEqual([1, 2, 3, 4, 5]);
    expect(items.find((c) => c.id === ids[4])?.parentId).toBe(ids[3]);
  });

  it('refuses an unknown parent (422) and a duplicate code (409)', async () => {
    expectError(
      await post('admin', '/api/categories', { name: '某类', parentId: 999_999 }),
      422,
      'REFERENCE_NOT_FOUND',
      'parentId',
    );
    expect((await post('admin', '/api/categories', { name: '供水', code: 'GS' })).statusCode).toBe(201);
    expectError(
      await post('admin', '/api/categories', { name: '供水（重复）', code: 'GS' }),
      409,
      'ALREADY_EXISTS',
      'code',
    );
  });
});

describe('users', () => {
  const user = (over: object = {}) => ({
    username: 'new.handler',
    displayName: '新承办人',
    password: 'Str0ng-enough!',
    roles: ['handler'],
    unitId: t.units.street,
    ...over,
  });

  it('creates a user who can then sign in, and never lists password hashes', async () => {
    const res = await post('admin', '/api/users', user({ username: 'li.si', password: TEST_PASSWORD }));
    expect(res.statusCode, res.body).toBe(201);
    const login = await post(null, '/api/auth/login', { username: 'li.si', password: TEST_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ roles: ['handler'], unitId: t.units.street });
    const list = await t.as('admin', { method: 'GET', url: '/api/users' });
    expect(list.json().items.find((u: { username: string }) => u.username === 'li.si')).toMatchObject({
      unitId: t.units.street,
      active: true,
      locked: false,
    });
    expect(list.body).not.toMatch(/argon2|password/i);
  });

  it('refuses a duplicate user name (409, names username)', async () => {
    const before = await count('users');
    expectError(
      await post('admin', '/api/users', user({ username: 'dispatcher' })),
      409,
      'ALREADY_EXISTS',
      'username',
    );
    expect(await count('users')).toBe(before);
  });

  it.each(['handler', 'unit_reviewer'])('refuses a %s without a unit (422, names unitId)', async (role) => {
    expectError(
      await post('admin', '/api/users', user({ roles: [role], unitId: undefined })),
      422,
      'RULE_VIOLATION',
      'unitId',
    );
  });

  it('refuses an unknown unit (422) and an unknown role (400)', async () => {
    expectError(
      await post('admin', '/api/users', user({ unitId: 999_999 })),
      422,
      'REFERENCE_NOT_FOUND',
      'unitId',
    );
    expectError(
      await post('admin', '/api/users', user({ roles: ['superuser'] })),
      400,
      'VALIDATION_FAILED',
      'body.roles.0',
    );
    expectError(
      await post('admin', '/api/users', user({ roles: [] })),
      400,
      'VALIDATION_FAILED',
      'body.roles',
    );
  });

  it.each([
    ['too short', 'Ab1!'],
    ['only digits', '1234567890'],
    ['only letters', 'abcdefghijkl'],
    ['too long', `Ab1!${'x'.repeat(300)}`],
  ])('refuses a weak password: %s (400, names password)', async (_, password) => {
    const before = await count('users');
    expectError(
      await post('admin', '/api/users', user({ username: 'weak.one', password })),
      400,
      'VALIDATION_FAILED',
      'body.password',
    );
    expect(await count('users')).toBe(before);
  });

  it('refuses user names that are not lower-case ASCII', async () => {
    expectError(
      await post('admin', '/api/users', user({ username: 'Admin' })),
      400,
      'VALIDATION_FAILED',
      'body.username',
    );
    expectError(
      await post('admin', '/api/users', user({ username: '张三' })),
      400,
      'VALIDATION_FAILED',
      'body.username',
    );
  });
});

describe('only the admin may change the organisation', () => {
  const writes = () =>
    [
      ['/api/units', { kind: 'grid', name: '越权网格', parentId: t.units.community }],
      ['/api/categories', { name: '越权分类' }],
      [
        '/api/users',
        { username: 'sneaky', displayName: '越权', password: 'Str0ng-enough!', roles: ['admin'] },
      ],
    ] as const;

  it.each(['dispatcher', 'handler', 'leader', 'supervisor', 'citizen'] as const)(
    'refuses the %s (403)',
    async (who) => {
      const before = [await count('units'), await count('categories'), await count('users')];
      for (const [url, payload] of writes()) {
        const res = await post(who, url, payload);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      expect((await t.as(who, { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
      expect([await count('units'), await count('categories'), await count('users')]).toEqual(before);
    },
  );

  it('refuses anonymous requests (401), reads included', async () => {
    for (const [url, payload] of writes()) expect((await post(null, url, payload)).statusCode).toBe(401);
    for (const url of ['/api/units', '/api/categories', '/api/users']) {
      expect((await t.as(null, { method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('lets every staff role read the trees, but not a citizen account', async () => {
    expect((await t.as('gridWorker', { method: 'GET', url: '/api/units' })).statusCode).toBe(200);
    expect((await t.as('citizen', { method: 'GET', url: '/api/units' })).statusCode).toBe(403);
  });
});
