import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { Context, Policy } from '../context.ts';
import type { Role, UnitKind } from '../domain/reference.ts';
import { createCategory, createUnit, createUser } from '../organisation/organisation-service.ts';
import { createTestDb, type TestDb } from './test-db.ts';

/** A controllable clock: tests move time instead of waiting. */
export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const UNITS = {
  centre: { kind: 'centre', name: '市12345热线中心' },
  city: { kind: 'city', name: '测试市' },
  district: { kind: 'district', name: '东湖区', parent: 'city' },
  street: { kind: 'street', name: '滨江街道', parent: 'district' },
  community: { kind: 'community', name: '望江社区', parent: 'street' },
  grid: { kind: 'grid', name: '望江社区第一网格', parent: 'community' },
  otherDistrict: { kind: 'district', name: '西山区', parent: 'city' },
  otherStreet: { kind: 'street', name: '翠微街道', parent: 'otherDistrict' },
  housingBureau: { kind: 'department', name: '市住房和城乡建设局', parent: 'city' },
  waterCompany: { kind: 'utility', name: '市自来水公司', parent: 'city' },
} as const satisfies Record<string, { kind: UnitKind; name: string; parent?: string }>;
export type UnitKey = keyof typeof UNITS;

const USERS = {
  callTaker: { roles: ['call_taker'] },
  dispatcher: { roles: ['dispatcher'] },
  handler: { roles: ['handler'], unit: 'street' },
  gridWorker: { roles: ['handler'], unit: 'grid' },
  otherHandler: { roles: ['handler'], unit: 'otherStreet' },
  bureauHandler: { roles: ['handler'], unit: 'housingBureau' },
  unitReviewer: { roles: ['unit_reviewer'], unit: 'street' },
  centreReviewer: { roles: ['centre_reviewer'] },
  visitor: { roles: ['visitor'] },
  supervisor: { roles: ['supervisor'] },
  leader: { roles: ['leader'] },
  admin: { roles: ['admin'] },
  citizen: { roles: ['citizen'] },
} as const satisfies Record<string, { roles: readonly Role[]; unit?: UnitKey }>;
export type UserKey = keyof typeof USERS;

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: FastifyInstance;
  ctx: Context;
  testDb: TestDb;
  clock: TestClock;
  units: Record<UnitKey, number>;
  categories: { urbanConstruction: number; propertyManagement: number; heating: number };
  users: Record<UserKey, { id: number; cookie: string }>;
  /** `app.inject` as a signed-in user (or anonymously with `null`). */
  as(user: UserKey | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** 2026-03-02 is a Monday and a working day. */
export const DEFAULT_TEST_TIME = '2026-03-02T09:30:00+08:00';

export async function createTestApp(options: { at?: string; policy?: Policy } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const clock = new TestClock(new Date(options.at ?? DEFAULT_TEST_TIME));
  const { app, ctx } = await buildApp({
    db: testDb.db,
    logLevel: 'silent',
    now: clock.now,
    policy: options.policy,
    refsTtlMs: 0,
  });
  const units = {} as Record<UnitKey, number>;
  for (const [key, u] of Object.entries(UNITS) as [UnitKey, (typeof UNITS)[UnitKey]][]) {
    const parentId = 'parent' in u ? units[u.parent] : undefined;
    units[key] = (await createUnit(ctx, { actor: SYSTEM_ACTOR, kind: u.kind, name: u.name, parentId })).id;
  }
  const urbanConstruction = (await createCategory(ctx, { actor: SYSTEM_ACTOR, name: '城乡建设' })).id;
  const housing = (
    await createCategory(ctx, { actor: SYSTEM_ACTOR, name: '住房保障', parentId: urbanConstruction })
  ).id;
  const propertyManagement = (
    await createCategory(ctx, { actor: SYSTEM_ACTOR, name: '物业管理', parentId: housing })
  ).id;
  const heating = (
    await createCategory(ctx, { actor: SYSTEM_ACTOR, name: '供热', parentId: urbanConstruction })
  ).id;

  const users = {} as Record<UserKey, { id: number; cookie: string }>;
  for (const [key, u] of Object.entries(USERS) as [UserKey, (typeof USERS)[UserKey]][]) {
    const { id } = await createUser(ctx, {
      actor: SYSTEM_ACTOR,
      username: key.toLowerCase(),
      displayName: key,
      password: TEST_PASSWORD,
      roles: u.roles,
      unitId: 'unit' in u ? units[u.unit] : undefined,
      phone: key === 'citizen' ? '13800001111' : undefined,
    });
    // Sessions are written directly: login itself is tested in the auth tests.
    const token = newToken();
    await testDb.db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      hashToken(token),
      id,
      new Date(Date.now() + 86_400_000 * 365 * 5),
    ]);
    users[key] = { id, cookie: `${SESSION_COOKIE}=${token}` };
  }
  await app.ready();
  return {
    app,
    ctx,
    testDb,
    clock,
    units,
    categories: { urbanConstruction, propertyManagement, heating },
    users,
    as: (user, opts) =>
      app.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), ...(user ? { cookie: users[user].cookie } : {}) },
      }),
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}
