/**
 * The demo city 临江市: a believable organisation tree, category tree, one account per role and a
 * month of work orders in every state of their life, for a first `npm start` and for demos.
 *
 * Everything goes through the real services (createUnit, createUser, createOrder and the step
 * functions, each with the actor who would take the step; the time-limit scanner as it runs in
 * production), so every order's timeline is a real one. The seed runs on its own Context whose clock
 * it moves: all orders and steps are planned first, then executed in time order across the past 30
 * days, the scanner running every simulated hour, and no step is ever later than the real now.
 * A seeded PRNG makes the city the same on every run (relative to the moment it is seeded).
 */
import { foldAll } from '../analytics/rollup.ts';
import { storeAttachment } from '../attachments/attachments.ts';
import { type Actor, SYSTEM_ACTOR, userActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { ReviewLevel } from '../domain/order-lifecycle.ts';
import type { Channel, RequestType, Role, Satisfaction, UnitKind, Urgency } from '../domain/reference.ts';
import { addLimit, computeDeadlines, selectRule, yellowAtFor } from '../domain/time-limits.ts';
import { seedDemoKnowledge } from '../knowledge/seed.ts';
import {
  acceptReturn,
  approveExtension,
  directAnswer,
  dispatchOrder,
  mergeOrder,
  reassignOrder,
  refuseExtension,
  rejectReturn,
  setDeadline,
  withdrawOrder,
} from '../orders/centre-steps.ts';
import { approveReview, closeUnvisited, rejectReview, visitOrder } from '../orders/closing-steps.ts';
import { createOrder } from '../orders/create-order.ts';
import type { OrderRow } from '../orders/order-row.ts';
import type { CreateOrderInput } from '../orders/schemas.ts';
import {
  delegateOrder,
  replyToOrder,
  requestExtension,
  returnOrder,
  signOrder,
} from '../orders/unit-steps.ts';
import { createCategory, createUnit, createUser } from '../organisation/organisation-service.ts';
import { ReferenceData, type ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { seedDemoSupervision } from '../supervision/seed.ts';
import { scanTimeLimits } from '../time-limits/scanner.ts';
import {
  CATEGORIES,
  type CategoryDef,
  CENTRE_CODE,
  CENTRE_NAME,
  CITY_CODE,
  CITY_NAME,
  DEMO_GRID,
  DISTRICTS,
  type DistrictDef,
  GRID_COMMUNITY,
  gridName,
  HANDLER_STREET,
  ORG_UNITS,
  orgUnitCode,
  type StreetDef,
} from './demo-city-data.ts';
import { seedDemoDispatch } from './demo-dispatch.ts';
import { demoPointInCommunity, seedDemoGeography } from './demo-geography.ts';
import {
  EXTENSION_REASONS,
  REDO_NOTES,
  REJECT_RETURN_REASON,
  REJECT_REVIEW_REASONS,
  RETURN_REASON,
  RETURN_REASON_DISPUTED,
  type RequestTemplate,
  type Route,
  TEMPLATES,
  WITHDRAW_REASONS,
} from './demo-requests.ts';
import { Rng, seedOf } from './prng.ts';

export const DEMO_PASSWORD = 'jiesu-demo-2026';

/** A minimal PDF standing in for a scanned, signed decision. */
const DEMO_SIGNED_PDF = Buffer.from(
  '%PDF-1.4\n% Jiesu demo: signed final reply\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n',
);

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  /** Name of the account's unit. */
  unit?: string;
}

/** One account per role, plus a city department's handler and a grid worker under the handler's street. */
export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = [
  { username: 'citizen', displayName: '王建国', roles: ['citizen'] },
  { username: 'calltaker', displayName: '李晓燕', roles: ['call_taker'], unit: CENTRE_NAME },
  { username: 'dispatcher', displayName: '陈志强', roles: ['dispatcher'], unit: CENTRE_NAME },
  { username: 'handler', displayName: '赵磊', roles: ['handler'], unit: HANDLER_STREET },
  { username: 'unitreviewer', displayName: '孙丽', roles: ['unit_reviewer'], unit: HANDLER_STREET },
  { username: 'centrereviewer', displayName: '周敏', roles: ['centre_reviewer'], unit: CENTRE_NAME },
  { username: 'visitor', displayName: '吴婷', roles: ['visitor'], unit: CENTRE_NAME },
  { username: 'supervisor', displayName: '郑国华', roles: ['supervisor'], unit: CENTRE_NAME },
  { username: 'leader', displayName: '林海', roles: ['leader'], unit: CITY_NAME },
  { username: 'knowledge', displayName: '何静', roles: ['knowledge_editor'], unit: CENTRE_NAME },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], unit: CENTRE_NAME },
  { username: 'handler2', displayName: '刘洋', roles: ['handler'], unit: '市住房和城乡建设局' },
  { username: 'gridworker', displayName: '黄小梅', roles: ['handler'], unit: DEMO_GRID },
];

/** The demo citizen's phone; a few orders are theirs, so the citizen view has something to show. */
export const DEMO_CITIZEN_PHONE = '13800000001';

const SEED = 'jiesu-demo-临江市-v1';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** China Standard Time, for the working hours of the simulated people. */
const LOCAL_OFFSET = 8 * HOUR;
const SCAN_EVERY = HOUR;

export interface SeedDemoOptions {
  /** Number of work orders, default 300. */
  orders?: number;
  log?: (line: string) => void;
}

/** True while the database holds no unit yet: a fresh deployment. */
export async function isDatabaseEmpty(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM units) AS empty');
  return row?.empty ?? true;
}

export async function seedDemoCity(
  ctx: Context,
  options: SeedDemoOptions = {},
): Promise<{ units: number; categories: number; users: number; orders: number }> {
  const log = options.log ?? (() => {});
  const orderCount = options.orders ?? 300;
  if (!Number.isInteger(orderCount) || orderCount < 0) throw new RangeError('orders must be an integer >= 0');
  if (!(await isDatabaseEmpty(ctx.db))) throw new Error('演示城市只能生成在空数据库中');
  const started = performance.now();
  const realNow = ctx.now().getTime();
  const clock = new SeedClock(realNow);
  // Our own reference cache: only this seed writes units and categories while it runs.
  const sctx: Context = { ...ctx, now: clock.now, refs: new ReferenceData(ctx.db, 10 * 60_000) };

  const org = await createOrganisation(sctx);
  await seedDemoGeography(sctx.db);
  const categories = await createCategories(sctx);
  log(`演示城市${CITY_NAME}：已建 ${org.count} 个单位、${categories.size} 个事项分类`);
  const people = await createPeople(sctx, org);
  log(`已建 ${people.count} 个用户（密码均为 ${DEMO_PASSWORD}）`);
  await seedDemoKnowledge(sctx, log);

  const refs = await sctx.refs.get();
  const env: Env = { now: realNow, refs, reviewLevels: sctx.policy.reviewLevels, org, people, categories };
  const plans = planOrders(orderCount, env);
  const result = await runPlans(sctx, clock, env, plans, log);
  ctx.refs.invalidate();
  const smart = await seedDemoDispatch(ctx);
  log(`智能派单：派单目录 ${smart.catalogue} 条，已训练模型 ${smart.models} 个，自动派单已开启`);
  await foldAll(ctx.db); // the 领导驾驶舱's roll-up, so that it is not empty on first start
  await seedDemoSupervision(ctx, log); // the 督办台's cases, so that it is not empty either

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`已生成 ${result.created} 张工单（${result.steps} 个办理步骤），用时 ${seconds} 秒`);
  if (result.failures > 0) log(`注意：${result.failures} 张演示工单的步骤失败，已跳过其余步骤`);
  return { units: org.count, categories: categories.size, users: people.count, orders: result.created };
}

class SeedClock {
  constructor(public current: number) {}
  now = () => new Date(this.current);
  set(ms: number) {
    this.current = ms;
  }
}

// ── organisation ─────────────────────────────────────────────────────────────────────────────

interface CommunityInfo {
  id: number;
  name: string;
}
interface StreetInfo {
  id: number;
  def: StreetDef;
  district: { id: number; def: DistrictDef };
  communities: CommunityInfo[];
}
interface Org {
  count: number;
  byName: Map<string, number>;
  /** Departments and utilities by slug. */
  bySlug: Map<string, number>;
  streets: StreetInfo[];
  /** Display name of a unit, short for departments. */
  shortName: Map<number, string>;
}

async function createOrganisation(ctx: Context): Promise<Org> {
  const org: Org = { count: 0, byName: new Map(), bySlug: new Map(), streets: [], shortName: new Map() };
  const add = async (kind: UnitKind, name: string, code: string, parentId?: number) => {
    const { id } = await createUnit(ctx, { actor: SYSTEM_ACTOR, kind, name, code, parentId });
    org.byName.set(name, id);
    org.shortName.set(id, name);
    org.count++;
    return id;
  };
  await add('centre', CENTRE_NAME, CENTRE_CODE);
  const city = await add('city', CITY_NAME, CITY_CODE);
  for (const d of DISTRICTS) {
    const districtId = await add('district', d.name, d.code, city);
    for (const s of d.streets) {
      const streetId = await add('street', s.name, s.code, districtId);
      const info: StreetInfo = {
        id: streetId,
        def: s,
        district: { id: districtId, def: d },
        communities: [],
      };
      for (const [i, c] of s.communities.entries()) {
        const code = `${s.code}${String(i + 1).padStart(3, '0')}`;
        const communityId = await add('community', c, code, streetId);
        info.communities.push({ id: communityId, name: c });
        await add('grid', gridName(c, 1), `${code}01`, communityId);
        await add('grid', gridName(c, 2), `${code}02`, communityId);
      }
      org.streets.push(info);
    }
  }
  for (const o of ORG_UNITS) {
    const parent = o.parent ? org.bySlug.get(o.parent) : city;
    const id = await add(o.kind, o.name, orgUnitCode(o.slug), parent);
    org.bySlug.set(o.slug, id);
    org.shortName.set(id, o.short);
  }
  return org;
}

/** Category code → id. */
async function createCategories(ctx: Context): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const walk = async (defs: readonly CategoryDef[], parentId?: number) => {
    for (const c of defs) {
      const { id } = await createCategory(ctx, { actor: SYSTEM_ACTOR, name: c.name, code: c.code, parentId });
      ids.set(c.code, id);
      if (c.children) await walk(c.children, id);
    }
  };
  await walk(CATEGORIES);
  return ids;
}

interface People {
  count: number;
  byUsername: Map<string, Actor>;
  /** Unit id → the person who handles its orders (承办人员 or 网格员). */
  handlers: Map<number, Actor>;
  /** Unit id → its reviewer (单位审核员). */
  reviewers: Map<number, Actor>;
}

interface AccountSpec {
  username: string;
  displayName: string;
  roles: Role[];
  unitId?: number;
  phone?: string;
}

/**
 * The demo accounts, and a handler and a reviewer for every other unit that receives orders
 * (districts, streets and towns, departments, utilities; the communities of the handler's street),
 * so that every step is taken by someone of the right unit. All share DEMO_PASSWORD.
 */
async function createPeople(ctx: Context, org: Org): Promise<People> {
  const unitId = (name: string) => {
    const id = org.byName.get(name);
    if (id === undefined) throw new Error(`演示单位不存在：${name}`);
    return id;
  };
  const specs: AccountSpec[] = DEMO_ACCOUNTS.map((a) => ({
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    unitId: a.unit === undefined ? undefined : unitId(a.unit),
    phone: a.username === 'citizen' ? DEMO_CITIZEN_PHONE : undefined,
  }));
  const taken = new Set(
    DEMO_ACCOUNTS.flatMap((a) =>
      a.unit === undefined ? [] : a.roles.map((r) => `${a.unit}:${r === 'unit_reviewer' ? 'reviewer' : r}`),
    ),
  );
  const staff = (unit: string, key: string, short: string, withReviewer: boolean) => {
    const id = unitId(unit);
    if (!taken.has(`${unit}:handler`)) {
      specs.push({
        username: `${key}.handler`,
        displayName: `${short}承办人`,
        roles: ['handler'],
        unitId: id,
      });
    }
    if (withReviewer && !taken.has(`${unit}:reviewer`)) {
      specs.push({
        username: `${key}.reviewer`,
        displayName: `${short}审核员`,
        roles: ['unit_reviewer'],
        unitId: id,
      });
    }
  };
  for (const d of DISTRICTS) {
    staff(d.name, d.code, d.name, true);
    for (const s of d.streets) staff(s.name, s.code, s.name, true);
  }
  for (const o of ORG_UNITS) staff(o.name, o.slug, o.short, true);
  const handlerStreet = org.streets.find((s) => s.def.name === HANDLER_STREET);
  for (const [i, c] of (handlerStreet?.communities ?? []).entries()) {
    staff(c.name, `${handlerStreet?.def.code}${String(i + 1).padStart(3, '0')}`, c.name, false);
  }

  // argon2 runs on the thread pool: a few accounts at a time.
  const ids = await mapLimit(specs, 4, (s) =>
    createUser(ctx, { actor: SYSTEM_ACTOR, password: DEMO_PASSWORD, ...s }),
  );
  const refs = await ctx.refs.get();
  const people: People = {
    count: specs.length,
    byUsername: new Map(),
    handlers: new Map(),
    reviewers: new Map(),
  };
  specs.forEach((s, i) => {
    const id = ids[i]?.id;
    if (id === undefined) throw new Error(`用户 ${s.username} 未创建`);
    const actor = userActor({
      id,
      displayName: s.displayName,
      roles: s.roles,
      unitId: s.unitId ?? null,
      unitPath: s.unitId === undefined ? null : (refs.units.get(s.unitId)?.path ?? null),
    });
    people.byUsername.set(s.username, actor);
    if (s.unitId === undefined) return;
    if (s.roles.includes('handler')) people.handlers.set(s.unitId, actor);
    if (s.roles.includes('unit_reviewer')) people.reviewers.set(s.unitId, actor);
  });
  return people;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ── planning ─────────────────────────────────────────────────────────────────────────────────

/** Where an order's life ends (for now): a state, or how it was closed. */
type Final =
  | 'direct'
  | 'pending_dispatch'
  | 'dispatched'
  | 'handling'
  | 'return_requested'
  | 'unit_review'
  | 'centre_review'
  | 'visit_pending'
  | 'visited'
  | 'final_reply'
  | 'redo_closed'
  | 'redo_open'
  | 'unreachable'
  | 'declined'
  | 'merged'
  | 'withdrawn';

interface Scenario {
  final: Final;
  urgency?: Urgency;
  /** Put the order in front of a demo account: the handler's street, its grid worker, or 住建局. */
  focus?: 'handler' | 'grid' | 'handler2';
  /** Time-limit situation to be in now (open orders). */
  card?: 'none' | 'yellow' | 'red';
  extension?: 'pending' | 'approved' | 'refused';
  /** 退单: accepted (it was dispatched to the wrong unit first) or rejected (首办负责). */
  returned?: 'accepted' | 'rejected';
  /** 改派: dispatched to the wrong unit, corrected by the centre. */
  reassigned?: boolean;
  /** 下派 from the handler's street to its community or grid. */
  delegate?: boolean;
  /** Dispatched to the district, which passes it to the street (level by level). */
  viaDistrict?: boolean;
  rejectReview?: boolean;
  /** Replied after the deadline (红牌). */
  late?: boolean;
  /** 疑难: the leader sets the deadline after dispatch (instead of the dispatcher at dispatch). */
  setDeadline?: boolean;
  withdrawAfterSign?: boolean;
}

/**
 * Scenarios every demo city has, whatever its size, in priority order: every state of the
 * lifecycle first, then the branches worth showing.
 */
const MUST_HAVE: readonly Scenario[] = [
  { final: 'visited', focus: 'handler', delegate: true },
  { final: 'direct' },
  { final: 'pending_dispatch' },
  { final: 'dispatched', focus: 'handler' },
  { final: 'handling', focus: 'handler', card: 'none' },
  { final: 'return_requested', returned: 'accepted' },
  { final: 'unit_review', focus: 'handler' },
  { final: 'centre_review' },
  { final: 'visit_pending' },
  { final: 'unreachable' },
  { final: 'merged' },
  { final: 'withdrawn' },
  { final: 'redo_closed' },
  { final: 'visited', extension: 'approved' },
  { final: 'final_reply' },
  { final: 'handling', urgency: 'urgent', card: 'red' },
  { final: 'handling', card: 'yellow' },
  { final: 'handling', extension: 'pending', focus: 'handler' },
  { final: 'handling', urgency: 'difficult', setDeadline: true },
  { final: 'visited', returned: 'accepted' },
  { final: 'visited', rejectReview: true, focus: 'handler' },
  { final: 'dispatched', focus: 'grid' },
  { final: 'handling', focus: 'handler2' },
  { final: 'dispatched', focus: 'handler2' },
  { final: 'pending_dispatch', card: 'red' },
  { final: 'visited', urgency: 'urgent' },
  { final: 'redo_open' },
  { final: 'dispatched', card: 'red' },
  { final: 'visited', late: true },
  { final: 'visited', returned: 'rejected' },
  { final: 'visited', reassigned: true },
  { final: 'visited', urgency: 'difficult' },
  { final: 'declined' },
  { final: 'handling', card: 'red', focus: 'handler' },
  { final: 'visited', viaDistrict: true },
  { final: 'visited', extension: 'refused', late: true },
];

/** Share of each ending among the other orders (percent). */
const FINAL_WEIGHTS: Record<Final, number> = {
  direct: 27,
  visited: 28,
  final_reply: 1.5,
  redo_closed: 3.5,
  redo_open: 1,
  unreachable: 2.5,
  declined: 0.5,
  merged: 2.5,
  withdrawn: 2,
  pending_dispatch: 3,
  dispatched: 4,
  handling: 10,
  return_requested: 1.5,
  unit_review: 3,
  centre_review: 2.5,
  visit_pending: 4,
};

/**
 * Request types of orders that are not answered directly. Direct answers are consultations, so with
 * about a quarter of all orders answered directly the whole city comes out near the seed city's mix:
 * 62% consultation, 22% help, 13% complaint, 2% suggestion, and a little praise and report.
 */
const HANDLED_TYPE_MIX: Record<Exclude<RequestType, 'praise'>, number> = {
  consultation: 61,
  help: 22,
  complaint: 13.5,
  suggestion: 2.7,
  report: 0.8,
};

const CHANNEL_WEIGHTS: Partial<Record<Channel, number>> = {
  phone: 68,
  wechat: 9,
  app: 5,
  website: 5,
  mayor_mailbox: 3,
  grid: 3,
  sms: 2,
  provincial_platform: 1.5,
  people_daily: 1,
  email: 1,
  walk_in: 1,
  other_city: 0.5,
};

/** How the content names the person, by channel. */
const WHO: Record<Channel, string> = {
  phone: '来电人',
  walk_in: '来访群众',
  website: '网友',
  wechat: '网友',
  app: '网友',
  people_daily: '网友',
  provincial_platform: '市民',
  other_city: '市民',
  mayor_mailbox: '来信人',
  email: '来信人',
  sms: '市民',
  grid: '居民',
  open311: '市民',
};

const ONLINE: ReadonlySet<Channel> = new Set([
  'website',
  'wechat',
  'app',
  'people_daily',
  'mayor_mailbox',
  'email',
]);

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];

/** Local working windows [from, to) in minutes after midnight. */
type Hours = readonly [number, number];
const CENTRE_HOURS: Hours = [7 * 60 + 30, 23 * 60];
const UNIT_HOURS: Hours = [8 * 60 + 30, 18 * 60];
const VISIT_HOURS: Hours = [9 * 60, 20 * 60 + 30];
const ONLINE_HOURS: Hours = [8 * 60, 22 * 60];
/** When calls come in, by local hour: busy mornings and afternoons, quiet nights. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 6, 9, 9, 8, 6, 7, 8, 8, 7, 6, 5, 5, 4, 3, 2, 1.5];

interface Env {
  now: number;
  refs: ReferenceSnapshot;
  reviewLevels: readonly ReviewLevel[];
  org: Org;
  people: People;
  categories: Map<string, number>;
}

type StepSpec =
  | { kind: 'direct_answer'; answer: string }
  | { kind: 'dispatch' | 'reassign'; lead: number; assists: number[]; handleDueAt?: number; note?: string }
  | { kind: 'sign' }
  | { kind: 'return'; reason: string }
  | { kind: 'accept_return'; note: string }
  | { kind: 'reject_return'; reason: string }
  | { kind: 'delegate'; unitId: number; note: string }
  | { kind: 'request_extension'; reason: string }
  | { kind: 'approve_extension' | 'refuse_extension'; by: 'dispatcher' | 'supervisor'; note: string }
  | { kind: 'set_deadline'; handleDueAt: number; note: string }
  | { kind: 'reply'; content: string; finalReplySignedBy?: string }
  | { kind: 'approve_review'; note?: string }
  | { kind: 'reject_review'; reason: string }
  | {
      kind: 'visit';
      method: 'phone' | 'sms' | 'online';
      satisfaction: Satisfaction;
      resolved: boolean;
      redo?: boolean;
      note?: string;
    }
  | { kind: 'close'; reason: 'unreachable' | 'declined_visit'; note: string }
  | { kind: 'merge'; into: Plan }
  | { kind: 'withdraw'; reason: string };

type PlannedStep = StepSpec & { at: number };

interface Clocks {
  dispatchDueAt: number;
  signDueAt: number | null;
  handleDueAt: number | null;
  yellowAt: number | null;
}

interface Built {
  createdAt: number;
  steps: PlannedStep[];
  end: number;
  clocks: Clocks;
  terminal: boolean;
}

interface Plan {
  index: number;
  seed: number;
  scenario: Scenario;
  template: RequestTemplate;
  place: Place;
  channel: Channel;
  input: CreateOrderInput;
  creator: Actor;
  categoryPath: number[];
  lead: number;
  assists: number[];
  /** Where the first dispatch goes (the district for level-by-level dispatch). */
  firstLead: number;
  wrongLead: number;
  delegateTo: number | null;
  texts: { answer: string; reply: string; replyRevised: string; replyRedo: string; signedBy: string };
  mergeInto: Plan | null;
  built: Built | null;
  // run time
  row: OrderRow | null;
  failed: boolean;
}

interface Place {
  street: StreetInfo;
  community: CommunityInfo;
  compound: string;
  road: string;
  addr: string;
  lng: number;
  lat: number;
}

function planOrders(count: number, env: Env): Plan[] {
  const master = new Rng(seedOf(SEED, 'scenarios'));
  const scenarios = Array.from({ length: count }, (_, i): Scenario => {
    const must = MUST_HAVE[i];
    return must ? { ...must } : randomScenario(master);
  });
  const plans: Plan[] = [];
  scenarios.forEach((s, i) => {
    if (s.final === 'merged') return; // duplicates are planned once the orders they repeat are placed
    const plan = makePlan(i, s, env, i < MUST_HAVE.length);
    plan.built = placeInTime(plan, env);
    plans.push(plan);
  });
  scenarios.forEach((s, i) => {
    if (s.final === 'merged') plans.push(planDuplicate(i, plans, env));
  });
  return plans.sort((a, b) => a.index - b.index);
}

function randomScenario(r: Rng): Scenario {
  const final = r.weighted(FINAL_WEIGHTS);
  const s: Scenario = { final };
  const passesSign = !['direct', 'merged', 'pending_dispatch', 'dispatched', 'return_requested'].includes(
    final,
  );
  const passesReply = passesSign && final !== 'handling' && final !== 'withdrawn';
  if (final === 'pending_dispatch') s.card = r.chance(0.3) ? 'red' : 'none';
  if (final === 'dispatched') s.card = r.chance(0.25) ? 'red' : 'none';
  if (final === 'handling') {
    s.card = r.weighted({ none: 2, yellow: 1, red: 1 });
    if (r.chance(0.12)) s.extension = 'pending';
  }
  if (final === 'return_requested') s.returned = r.chance(0.6) ? 'accepted' : 'rejected';
  if (final === 'withdrawn') s.withdrawAfterSign = r.chance(0.4);
  s.delegate = r.chance(0.5);
  s.viaDistrict = r.chance(0.12);
  if (passesSign && final !== 'withdrawn') {
    if (r.chance(0.04)) s.returned = 'accepted';
    else if (r.chance(0.02)) s.returned = 'rejected';
    else if (r.chance(0.03)) s.reassigned = true;
    if (!s.extension && r.chance(0.07)) s.extension = r.chance(0.7) ? 'approved' : 'refused';
  }
  if (passesReply) {
    if (r.chance(0.05)) s.rejectReview = true;
    if (r.chance(0.06)) s.late = true;
  }
  return s;
}

function makePlan(index: number, s: Scenario, env: Env, mustHave = false): Plan {
  const r = new Rng(seedOf(SEED, 'order', index));
  let type: RequestType;
  if (s.final === 'direct') type = r.chance(0.97) ? 'consultation' : 'praise';
  else type = r.weighted(HANDLED_TYPE_MIX);
  // A 2-working-day limit turns yellow on its last working day only, never over a weekend: a yellow
  // card that must show whatever the day is needs a 5-day limit (help, complaint).
  if (s.card === 'yellow' && !s.urgency) type = r.chance(0.5) ? 'help' : 'complaint';
  // 最终答复 answers a demand that cannot be met; extensions are for matters that need work on site.
  if (s.final === 'final_reply') type = 'complaint';
  if (s.extension && type === 'consultation') type = 'help';
  let urgency: Urgency = s.urgency ?? 'general';
  if (!s.urgency && s.final !== 'direct') {
    if (type === 'help' && r.chance(0.1)) urgency = 'urgent';
    else if (type === 'complaint' && r.chance(0.15)) urgency = 'difficult';
  }
  const streetLed = s.focus === 'handler' || s.focus === 'grid' || (mustHave && s.viaDistrict === true);
  const template = pickTemplate(
    r,
    type,
    urgency,
    streetLed ? 'street' : s.focus === 'handler2' ? 'zjj' : undefined,
  );
  if (urgency === 'urgent' && !template.urgentOk) urgency = 'general';
  if (urgency === 'difficult' && !template.difficultOk) urgency = 'general';
  if (urgency === 'difficult' && s.setDeadline === undefined) s.setDeadline = r.chance(0.5);
  if (urgency === 'urgent') {
    // Returns have a one-hour window on urgent orders; keep urgent stories simple.
    delete s.returned;
    delete s.reassigned;
    if (s.extension) delete s.extension;
  }
  const place = pickPlace(r, env.org, s.focus, template);
  let channel = r.weighted(CHANNEL_WEIGHTS);
  if (urgency === 'urgent') channel = 'phone';
  return buildPlan(index, r, s, template, place, channel, urgency, env);
}

function pickTemplate(r: Rng, type: RequestType, urgency: Urgency, lead: Route | undefined): RequestTemplate {
  const fits = (t: RequestTemplate) =>
    (urgency !== 'urgent' || t.urgentOk === true) &&
    (urgency !== 'difficult' || t.difficultOk === true) &&
    (lead === undefined || t.lead === lead);
  const ofType = TEMPLATES.filter((t) => t.type === type);
  for (const pool of [ofType.filter(fits), TEMPLATES.filter(fits), ofType]) {
    if (pool.length > 0) return r.pick(pool);
  }
  return r.pick(TEMPLATES);
}

function pickPlace(r: Rng, org: Org, focus: Scenario['focus'], template: RequestTemplate): Place {
  const handlerStreet = org.streets.find((s) => s.def.name === HANDLER_STREET) ?? r.pick(org.streets);
  const ruralTopic = template.category === '1002';
  let street: StreetInfo;
  if (focus === 'handler' || focus === 'grid') street = handlerStreet;
  else if (ruralTopic) street = r.pick(org.streets.filter((s) => s.def.rural));
  else if (r.chance(0.22)) street = handlerStreet;
  else street = r.pick(org.streets);
  const community =
    focus === 'grid'
      ? (street.communities.find((c) => c.name === GRID_COMMUNITY) ?? r.pick(street.communities))
      : r.pick(street.communities);
  const road = r.pick(street.def.roads);
  const district = street.district.def.name;
  let compound: string;
  let addr: string;
  if (community.name.endsWith('村')) {
    compound = community.name;
    addr = `${district}${street.def.name}${community.name}${r.int(1, 12)}组${r.int(1, 60)}号`;
  } else {
    compound = street.def.rural
      ? `${street.def.name}${r.pick(['新街小区', '供销社宿舍', '集镇安置小区'])}`
      : r.pick(street.def.compounds);
    addr = `${district}${road}${r.int(1, 199)}号${compound}${r.int(1, 24)}幢${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室`;
  }
  // A point inside the community's demo boundary (two draws, as before).
  const [lng, lat] = demoPointInCommunity(
    street.def,
    street.def.communities.indexOf(community.name),
    r.next(),
    r.next(),
  );
  return { street, community, compound, road, addr, lng, lat };
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}

function buildPlan(
  index: number,
  r: Rng,
  s: Scenario,
  template: RequestTemplate,
  place: Place,
  channel: Channel,
  urgency: Urgency,
  env: Env,
): Plan {
  const { org, people } = env;
  const who = WHO[channel];
  const vars: Record<string, string> = {
    who,
    addr: place.addr,
    compound: place.compound,
    road: place.road,
    street: place.street.def.name,
    district: place.street.district.def.name,
    community: place.community.name,
  };
  const routeTo = (route: Route): number => {
    if (route === 'street') return place.street.id;
    const id = org.bySlug.get(route);
    if (id === undefined) throw new Error(`演示单位不存在：${route}`);
    return id;
  };
  const lead = routeTo(template.lead);
  const assists = (template.assists ?? []).map(routeTo).filter((id) => id !== lead);
  const withAssists = assists.length > 0 && r.chance(0.65) ? assists : [];
  const streetLed = template.lead === 'street';
  const handlerStreet = org.byName.get(HANDLER_STREET);
  let firstLead = lead;
  let delegateTo: number | null = null;
  if (streetLed && s.viaDistrict && !s.focus) {
    firstLead = place.street.district.id;
    delegateTo = place.street.id;
  } else if (lead === handlerStreet && (s.delegate || s.focus === 'grid')) {
    const grid = org.byName.get(DEMO_GRID);
    const community = place.street.communities.find((c) => c.name === place.community.name);
    const staffed = community && people.handlers.has(community.id) ? community.id : undefined;
    delegateTo = s.focus === 'grid' || !staffed || r.chance(0.7) ? (grid ?? null) : staffed;
  }
  const wrongLead = streetLed ? routeTo(r.pick(['cgj', 'zjj', 'scjg'] as const)) : place.street.id;

  const citizen = pickCitizen(r, index);
  const kind = template.type;
  const answerBody = template.answer ? fill(template.answer, vars) : '';
  const replyBody = template.reply ? fill(template.reply, vars) : `已电话联系${who}并答复：${answerBody}`;
  const content = `${channel === 'grid' ? '网格员巡查上报：' : ''}${fill(template.content, vars)}`;
  const category = env.categories.get(template.category);
  const leadName = org.shortName.get(lead) ?? '';
  const plan: Plan = {
    index,
    seed: seedOf(SEED, 'timeline', index),
    scenario: s,
    template,
    place,
    channel,
    input: {
      channel,
      requestType: kind,
      urgency,
      categoryId: category,
      title: fill(template.title, vars),
      content,
      address: place.addr,
      regionUnitId: place.community.id,
      longitude: place.lng,
      latitude: place.lat,
      citizenName: citizen.name,
      citizenPhone: citizen.phone,
    },
    creator: channel === 'phone' || channel === 'walk_in' ? actorOf(people, 'calltaker') : SYSTEM_ACTOR,
    categoryPath: category === undefined ? [] : (env.refs.categories.get(category)?.pathIds ?? []),
    lead,
    assists: withAssists,
    firstLead,
    wrongLead,
    delegateTo,
    texts: {
      answer: kind === 'praise' ? answerBody : `已告知${who}：${answerBody}`,
      reply: replyBody,
      replyRevised: `经补充核实：${replyBody}`,
      replyRedo: `重办情况：收到重办要求后${kind === 'consultation' ? '再次电话联系市民详细解释政策' : '再次上门核查处理'}。${replyBody}`,
      signedBy: `${leadName}负责人 ${r.pick(SURNAMES)}${r.pick(['建华', '志刚', '红梅', '海燕', '国庆'])}`,
    },
    mergeInto: null,
    built: null,
    row: null,
    failed: false,
  };
  return plan;
}

function pickCitizen(r: Rng, index: number): { name: string; phone: string } {
  if (index % 45 === 3) return { name: '王建国', phone: DEMO_CITIZEN_PHONE };
  const name = `${r.pick(SURNAMES)}${r.chance(0.5) ? '先生' : '女士'}`;
  // Obviously fake numbers: 1380000xxxx. A few frequent callers ring again and again.
  const n = r.chance(0.12) ? r.int(2, 11) : r.int(1000, 9999);
  return { name, phone: `1380000${String(n).padStart(4, '0')}` };
}

function actorOf(people: People, username: string): Actor {
  const a = people.byUsername.get(username);
  if (!a) throw new Error(`演示账号不存在：${username}`);
  return a;
}

/** A second citizen reporting the same matter while the first order is open: merged into it (并单). */
function planDuplicate(index: number, plans: Plan[], env: Env): Plan {
  const r = new Rng(seedOf(SEED, 'order', index));
  const now = env.now;
  const candidates = plans
    .filter(
      (p) => p.built && !['direct', 'withdrawn', 'pending_dispatch', 'merged'].includes(p.scenario.final),
    )
    .map((p) => {
      const b = p.built as Built;
      const closesAt = b.terminal ? b.end : now;
      return { p, lo: b.createdAt + HOUR, hi: Math.min(closesAt, now) - 3 * HOUR };
    })
    .filter((c) => c.hi - c.lo > HOUR);
  for (let attempt = 0; attempt < 20 && candidates.length > 0; attempt++) {
    const c = r.pick(candidates);
    const createdAt = Math.round(r.between(c.lo, c.hi - HOUR) / 1000) * 1000;
    const channel = r.weighted(CHANNEL_WEIGHTS);
    const target = c.p;
    const plan = buildPlan(
      index,
      r,
      { final: 'merged' },
      target.template,
      target.place,
      channel,
      target.input.urgency,
      env,
    );
    plan.mergeInto = target;
    const built = buildTimeline(plan, env, createdAt);
    const closesAt = target.built?.terminal ? target.built.end : Number.POSITIVE_INFINITY;
    if (built.end <= now - MIN && built.end < closesAt - 30 * MIN) {
      plan.built = built;
      return plan;
    }
  }
  // No open order to merge into (a tiny demo): the citizen withdraws instead.
  const plan = makePlan(index, { final: 'withdrawn' }, env);
  plan.built = placeInTime(plan, env);
  return plan;
}

/** How long ago an order with this ending was typically created, in days. */
function ageRange(plan: Plan): [number, number] {
  const s = plan.scenario;
  const difficult = plan.input.urgency === 'difficult';
  switch (s.final) {
    case 'direct':
      return [0.05, 29.5];
    case 'pending_dispatch':
      return [0, 0.25];
    case 'dispatched':
      return [0.02, 0.8];
    case 'handling':
      return difficult ? [2, 10] : [0.3, 4];
    case 'return_requested':
      return [0.1, 1];
    case 'unit_review':
    case 'centre_review':
    case 'visit_pending':
      return [0.5, 5];
    case 'redo_open':
      return [4, 12];
    case 'redo_closed':
      return [7, 29.5];
    case 'withdrawn':
      return [0.5, 29];
    default:
      return difficult ? [13, 29.5] : [2, 29.5];
  }
}

/**
 * Chooses when the order was created: near a drawn age, such that its whole planned life fits before
 * now, within the last 30 days, and — for open orders with a wanted card — so that the time limits
 * stand where the scenario wants them now (e.g. past the handling deadline for a red card).
 */
function placeInTime(plan: Plan, env: Env): Built {
  const r = new Rng(seedOf(SEED, 'age', plan.index));
  const { now } = env;
  const [lo, hi] = ageRange(plan);
  const age = r.between(lo, hi) * DAY;
  let start = now - age;
  if (age > DAY) {
    // A realistic hour of the day.
    const local = start + LOCAL_OFFSET;
    const midnight = local - (((local % DAY) + DAY) % DAY) - LOCAL_OFFSET;
    const hour = Number(r.weighted(Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w]))));
    start = midnight + hour * HOUR + r.int(0, 59) * MIN;
  }
  start = Math.floor(start / MIN) * MIN - r.int(0, 59) * 1000;
  const earliest = now - 30 * DAY + HOUR;
  const ok = (b: Built, withCard: boolean) =>
    b.createdAt >= earliest && b.end <= now - MIN && (!withCard || cardHolds(plan, b, now));
  const STEP = 20 * MIN;
  for (const withCard of [true, false]) {
    for (let k = 0; k * STEP < 30 * DAY; k++) {
      for (const c of k === 0 ? [start] : [start - k * STEP, start + k * STEP]) {
        if (c > now - MIN || c < earliest) continue;
        const b = buildTimeline(plan, env, c);
        if (ok(b, withCard)) return b;
      }
    }
  }
  // Nothing fits (should not happen): keep the plan; steps after now are not taken.
  return buildTimeline(plan, env, Math.max(earliest, start));
}

function cardHolds(plan: Plan, b: Built, now: number): boolean {
  const want = plan.scenario.card;
  if (!want) return true;
  const c = b.clocks;
  switch (plan.scenario.final) {
    case 'pending_dispatch':
      return c.dispatchDueAt <= now === (want === 'red');
    case 'dispatched':
      return c.signDueAt !== null && c.signDueAt <= now === (want === 'red');
    case 'handling': {
      if (c.handleDueAt === null || c.yellowAt === null) return false;
      const red = c.handleDueAt <= now;
      const yellow = !red && c.yellowAt <= now;
      return want === 'red' ? red : want === 'yellow' ? yellow : !red && !yellow;
    }
    default:
      return true;
  }
}

/** Moves an instant into the next local working window, plus a little jitter. */
function intoHours(ms: number, hours: Hours, jitterMin: number): number {
  const local = ms + LOCAL_OFFSET;
  const minuteOfDay = (((local % DAY) + DAY) % DAY) / MIN;
  if (minuteOfDay >= hours[0] && minuteOfDay < hours[1]) return ms;
  const midnight = ms - minuteOfDay * MIN;
  const opens = minuteOfDay < hours[0] ? midnight + hours[0] * MIN : midnight + DAY + hours[0] * MIN;
  return opens + jitterMin * MIN;
}

class Timeline {
  readonly steps: PlannedStep[] = [];
  private last: number;
  t: number;

  constructor(
    private readonly r: Rng,
    start: number,
  ) {
    this.t = start;
    this.last = start;
  }

  /** Time passes: between lo and hi minutes, then into the actor's working hours (if any). */
  wait(loMin: number, hiMin: number, hours?: Hours) {
    const jitter = this.r.between(0, 75);
    let next = this.t + this.r.between(loMin, hiMin) * MIN;
    if (hours) next = intoHours(next, hours, jitter);
    this.at(next);
  }

  /** The next step happens at `ms` (never before the previous step). */
  at(ms: number) {
    this.t = Math.max(Math.round(ms / 1000) * 1000, this.last + MIN);
  }

  push(step: StepSpec) {
    this.steps.push({ ...step, at: this.t });
    this.last = this.t;
  }
}

/** The whole planned life of an order created at `createdAt`. Pure: the same input, the same life. */
function buildTimeline(plan: Plan, env: Env, createdAt: number): Built {
  const r = new Rng(plan.seed);
  const s = plan.scenario;
  const { calendar: cal } = env.refs;
  const { org } = env;
  const rule = selectRule(
    env.refs.rules,
    {
      requestType: plan.input.requestType,
      urgency: plan.input.urgency,
      categoryPath: plan.categoryPath,
      at: new Date(createdAt),
    },
    cal,
  );
  const tl = new Timeline(r, createdAt);
  const clocks: Clocks = {
    dispatchDueAt: addLimit(new Date(createdAt), rule.dispatchLimit, cal).getTime(),
    signDueAt: null,
    handleDueAt: null,
    yellowAt: null,
  };
  let returnDueAt = Number.POSITIVE_INFINITY;
  let dispatchedAt = createdAt;
  const urgent = plan.input.urgency === 'urgent';
  const difficult = plan.input.urgency === 'difficult';
  const centre = urgent ? undefined : CENTRE_HOURS;
  const unit = urgent ? undefined : UNIT_HOURS;
  const done = (terminal: boolean): Built => ({ createdAt, steps: tl.steps, end: tl.t, clocks, terminal });
  const name = (id: number) => org.shortName.get(id) ?? '';

  const startClocks = (override?: number) => {
    dispatchedAt = tl.t;
    const d = computeDeadlines(rule, { createdAt: new Date(createdAt), dispatchedAt: new Date(tl.t) }, cal);
    clocks.signDueAt = d.signDueAt.getTime();
    returnDueAt = d.returnDueAt.getTime();
    clocks.handleDueAt = override ?? d.handleDueAt.getTime();
    clocks.yellowAt =
      override === undefined
        ? d.yellowAt.getTime()
        : yellowAtFor(new Date(tl.t), new Date(override), rule.yellowShare, rule.handleLimit, cal).getTime();
  };
  const moveDeadline = (due: number) => {
    clocks.handleDueAt = due;
    clocks.yellowAt = yellowAtFor(
      new Date(dispatchedAt),
      new Date(due),
      rule.yellowShare,
      rule.handleLimit,
      cal,
    ).getTime();
  };
  const dispatch = (kind: 'dispatch' | 'reassign', lead: number, assists: number[]) => {
    if (kind === 'dispatch') tl.wait(urgent ? 3 : 8, urgent ? 12 : 90, centre);
    else tl.wait(15, 120, centre);
    const override =
      difficult && !s.setDeadline ? cal.addWorkingDays(new Date(tl.t), 20).getTime() : undefined;
    let note: string | undefined;
    if (kind === 'reassign') note = `原派单单位有误，改派${name(lead)}办理。`;
    else if (urgent) note = '紧急诉求，请立即处置并及时反馈。';
    else if (difficult) note = '疑难诉求，请牵头单位会同相关部门研究处置。';
    else if (assists.length > 0) note = `请${name(lead)}牵头办理，${assists.map(name).join('、')}协助配合。`;
    tl.push({ kind, lead, assists, handleDueAt: override, note });
    startClocks(override);
  };
  const reply = (late: boolean, content: string, finalReplySignedBy?: string) => {
    const started = tl.t;
    if (urgent) tl.wait(60, 600);
    else if (difficult) tl.wait(3 * 1440, 8 * 1440, unit);
    else if (plan.input.requestType === 'consultation') tl.wait(120, 1440, unit);
    else tl.wait(300, 3 * 1440, unit);
    const due = clocks.handleDueAt;
    if (due !== null) {
      if (late && tl.t <= due) {
        tl.at(due);
        tl.wait(120, 2880, unit);
      } else if (!late && tl.t > due - 15 * MIN) {
        tl.at(Math.max(started + 10 * MIN, due - r.between(30, 120) * MIN));
      }
    }
    tl.push({ kind: 'reply', content, finalReplySignedBy });
  };
  const reviews = (stopAt?: 'unit_review' | 'centre_review') => {
    for (const level of env.reviewLevels) {
      if (stopAt === (level === 'unit' ? 'unit_review' : 'centre_review')) return true;
      if (level === 'unit') tl.wait(30, 240, unit);
      else tl.wait(60, 480, CENTRE_HOURS);
      tl.push({
        kind: 'approve_review',
        note: level === 'centre' ? '答复内容完整，同意办结回访。' : undefined,
      });
    }
    return false;
  };
  const visitMethod = () =>
    ONLINE.has(plan.channel) && r.chance(0.5) ? 'online' : r.chance(0.85) ? 'phone' : 'sms';

  // 直接答复, 合并 and an early 撤销 end the story before dispatch.
  if (s.final === 'direct') {
    tl.wait(2, 12, plan.creator === SYSTEM_ACTOR ? ONLINE_HOURS : undefined);
    tl.push({ kind: 'direct_answer', answer: plan.texts.answer });
    return done(true);
  }
  if (s.final === 'merged' && plan.mergeInto) {
    tl.wait(15, 120, CENTRE_HOURS);
    tl.push({ kind: 'merge', into: plan.mergeInto });
    return done(true);
  }
  if (s.final === 'withdrawn' && !s.withdrawAfterSign) {
    tl.wait(20, 300, CENTRE_HOURS);
    tl.push({ kind: 'withdraw', reason: r.pick(WITHDRAW_REASONS) });
    return done(true);
  }
  if (s.final === 'pending_dispatch') return done(false);

  // 派单, possibly to the wrong unit first (改派 or 退单).
  const wrongFirst = s.returned === 'accepted' || s.reassigned === true;
  dispatch('dispatch', wrongFirst ? plan.wrongLead : plan.firstLead, wrongFirst ? [] : plan.assists);
  if (s.reassigned && !s.returned) dispatch('reassign', plan.firstLead, plan.assists);
  if (s.returned) {
    tl.wait(30, 300, unit);
    if (tl.t > returnDueAt - 5 * MIN) tl.at(returnDueAt - r.between(10, 60) * MIN);
    const reason = s.returned === 'accepted' ? RETURN_REASON(name(plan.firstLead)) : RETURN_REASON_DISPUTED;
    tl.push({ kind: 'return', reason });
    if (s.final === 'return_requested') return done(false);
    tl.wait(20, 180, CENTRE_HOURS);
    if (s.returned === 'accepted') {
      tl.push({ kind: 'accept_return', note: '退单理由成立，重新派单。' });
      clocks.dispatchDueAt = addLimit(new Date(tl.t), rule.dispatchLimit, cal).getTime();
      dispatch('dispatch', plan.firstLead, plan.assists);
    } else {
      tl.push({ kind: 'reject_return', reason: REJECT_RETURN_REASON });
    }
  }
  if (s.final === 'dispatched' && plan.delegateTo === null) return done(false);

  // 签收, 下派.
  tl.wait(urgent ? 3 : 10, urgent ? 12 : 150, unit);
  tl.push({ kind: 'sign' });
  if (plan.delegateTo !== null) {
    tl.wait(15, 90, unit);
    tl.push({
      kind: 'delegate',
      unitId: plan.delegateTo,
      note: `请${name(plan.delegateTo)}现场核实处理并及时反馈。`,
    });
    clocks.signDueAt = addLimit(new Date(tl.t), rule.signLimit, cal).getTime();
    if (s.final === 'dispatched') return done(false);
    tl.wait(10, 120, unit);
    tl.push({ kind: 'sign' });
  }
  if (s.final === 'withdrawn') {
    tl.wait(60, 1440, CENTRE_HOURS);
    tl.push({ kind: 'withdraw', reason: r.pick(WITHDRAW_REASONS) });
    return done(true);
  }
  if (s.setDeadline && difficult) {
    tl.wait(120, 1440, UNIT_HOURS);
    const due = cal.addWorkingDays(new Date(tl.t), 20).getTime();
    tl.push({
      kind: 'set_deadline',
      handleDueAt: due,
      note: '经会商，该诉求涉及多部门职责，办理时限定为20个工作日。',
    });
    moveDeadline(due);
  }
  // 延期.
  if (s.extension) {
    tl.wait(60, 360, unit);
    const due = clocks.handleDueAt;
    if (due !== null && tl.t < due - 30 * MIN) {
      tl.push({ kind: 'request_extension', reason: r.pick(EXTENSION_REASONS) });
      const pending = s.extension === 'pending' && s.final === 'handling';
      if (!pending) {
        tl.wait(30, 240, CENTRE_HOURS);
        const by = r.chance(0.3) ? 'supervisor' : 'dispatcher';
        if (s.extension === 'refused') {
          tl.push({ kind: 'refuse_extension', by, note: '延期理由不充分，请按原时限办结。' });
        } else {
          tl.push({ kind: 'approve_extension', by, note: '同意延期3个工作日。' });
          moveDeadline(cal.addWorkingDays(new Date(due), 3).getTime());
        }
      }
    }
  }
  if (s.final === 'handling') return done(false);

  // 答复, 审核.
  reply(s.late === true, plan.texts.reply, s.final === 'final_reply' ? plan.texts.signedBy : undefined);
  if (s.rejectReview && env.reviewLevels.length > 0) {
    const first = env.reviewLevels[0];
    tl.wait(30, 240, first === 'unit' ? unit : CENTRE_HOURS);
    tl.push({ kind: 'reject_review', reason: r.pick(REJECT_REVIEW_REASONS) });
    tl.wait(120, 720, unit);
    tl.push({ kind: 'reply', content: plan.texts.replyRevised });
  }
  const stopAt = s.final === 'unit_review' || s.final === 'centre_review' ? s.final : undefined;
  if (reviews(stopAt)) return done(false);
  if (s.final === 'visit_pending' || s.final === 'unit_review' || s.final === 'centre_review')
    return done(false);

  // 回访.
  if (s.final === 'unreachable' || s.final === 'declined') {
    tl.wait(1440, 2880, VISIT_HOURS);
    tl.push(
      s.final === 'unreachable'
        ? { kind: 'close', reason: 'unreachable', note: '两天内多次电话回访均无人接听，按无法回访办结。' }
        : { kind: 'close', reason: 'declined_visit', note: '市民表示问题已处理，不需要回访。' },
    );
    return done(true);
  }
  tl.wait(120, 1800, VISIT_HOURS);
  if (s.final === 'visited') {
    const x = r.next();
    if (x < 0.8) tl.push({ kind: 'visit', method: visitMethod(), satisfaction: 'satisfied', resolved: true });
    else if (x < 0.96)
      tl.push({
        kind: 'visit',
        method: visitMethod(),
        satisfaction: 'basically_satisfied',
        resolved: true,
      });
    else
      tl.push({
        kind: 'visit',
        method: 'phone',
        satisfaction: 'dissatisfied',
        resolved: false,
        redo: false,
        note: '市民诉求超出政策规定，单位已做好解释工作，经审核不予重办。',
      });
    return done(true);
  }
  if (s.final === 'final_reply') {
    tl.push({
      kind: 'visit',
      method: 'phone',
      satisfaction: 'dissatisfied',
      resolved: false,
      note: '市民对最终答复仍不满意，已做好解释，按规定不再重办。',
    });
    return done(true);
  }
  // 差评重办: back to the lead unit with fresh clocks.
  tl.push({
    kind: 'visit',
    method: 'phone',
    satisfaction: 'dissatisfied',
    resolved: false,
    note: r.pick(REDO_NOTES),
  });
  startClocks();
  tl.wait(30, 180, unit);
  tl.push({ kind: 'sign' });
  if (s.final === 'redo_open') return done(false);
  reply(false, plan.texts.replyRedo);
  reviews();
  tl.wait(120, 1800, VISIT_HOURS);
  tl.push({
    kind: 'visit',
    method: visitMethod(),
    satisfaction: r.chance(0.7) ? 'satisfied' : 'basically_satisfied',
    resolved: true,
  });
  return done(true);
}

// ── running ──────────────────────────────────────────────────────────────────────────────────

interface Event {
  at: number;
  plan: Plan;
  /** -1 is the creation. */
  step: number;
}

/** Executes every planned step in time order, with the scanner running every simulated hour. */
async function runPlans(
  ctx: Context,
  clock: SeedClock,
  env: Env,
  plans: Plan[],
  log: (line: string) => void,
) {
  const events: Event[] = [];
  for (const plan of plans) {
    const b = plan.built;
    if (!b) continue;
    events.push({ at: b.createdAt, plan, step: -1 });
    b.steps.forEach((s, i) => {
      if (s.at <= env.now) events.push({ at: s.at, plan, step: i });
    });
  }
  events.sort((a, b) => a.at - b.at || a.plan.index - b.plan.index || a.step - b.step);

  let created = 0;
  let steps = 0;
  let failures = 0;
  let nextScan = events.length > 0 ? Math.ceil((events[0]?.at ?? 0) / SCAN_EVERY) * SCAN_EVERY : env.now;
  let reported = 0;
  for (const [n, ev] of events.entries()) {
    while (nextScan <= ev.at) {
      clock.set(nextScan);
      await scanTimeLimits(ctx);
      nextScan += SCAN_EVERY;
    }
    const { plan } = ev;
    if (plan.failed) continue;
    clock.set(ev.at);
    try {
      if (ev.step < 0) {
        plan.row = (await createOrder(ctx, { actor: plan.creator, input: plan.input })).order;
        created++;
      } else {
        const step = plan.built?.steps[ev.step];
        if (!step || !plan.row) throw new Error('missing step or order');
        plan.row = await runStep(ctx, env, plan.row, step);
        steps++;
      }
    } catch (err) {
      plan.failed = true;
      failures++;
      const kind = ev.step < 0 ? 'create' : plan.built?.steps[ev.step]?.kind;
      log(`演示工单 #${plan.index} 的步骤「${kind}」失败，跳过其余步骤：${(err as Error).message}`);
    }
    const done = Math.floor(((n + 1) / events.length) * 4);
    if (done > reported && done < 4) {
      reported = done;
      log(`工单生成进度 ${done * 25}%`);
    }
  }
  while (nextScan <= env.now) {
    clock.set(nextScan);
    await scanTimeLimits(ctx);
    nextScan += SCAN_EVERY;
  }
  clock.set(env.now);
  while ((await scanTimeLimits(ctx)).orders > 0) {
    // drain
  }
  return { created, steps, failures };
}

async function runStep(ctx: Context, env: Env, row: OrderRow, step: PlannedStep): Promise<OrderRow> {
  const { people, refs } = env;
  const orderId = row.id;
  const person = (username: string) => actorOf(people, username);
  const staff = (map: Map<number, Actor>, unitId: number | null) => {
    for (let id = unitId; id !== null; id = refs.units.get(id)?.parentId ?? null) {
      const a = map.get(id);
      if (a) return a;
    }
    throw new Error(`单位 ${unitId} 没有演示人员`);
  };
  const handler = () => staff(people.handlers, row.handling_unit_id);
  const at = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  switch (step.kind) {
    case 'direct_answer':
      return (await directAnswer(ctx, { actor: person('calltaker'), orderId, answer: step.answer })).order;
    case 'dispatch':
    case 'reassign': {
      const o = {
        actor: person('dispatcher'),
        orderId,
        leadUnitId: step.lead,
        assistUnitIds: step.assists,
        handleDueAt: at(step.handleDueAt),
        note: step.note,
      };
      return (await (step.kind === 'dispatch' ? dispatchOrder(ctx, o) : reassignOrder(ctx, o))).order;
    }
    case 'sign':
      return (await signOrder(ctx, { actor: handler(), orderId })).order;
    case 'return':
      return (
        await returnOrder(ctx, { actor: handler(), orderId, reason: step.reason, evidenceAttachmentIds: [] })
      ).order;
    case 'accept_return':
      return (await acceptReturn(ctx, { actor: person('dispatcher'), orderId, note: step.note })).order;
    case 'reject_return':
      return (await rejectReturn(ctx, { actor: person('dispatcher'), orderId, reason: step.reason })).order;
    case 'delegate':
      return (await delegateOrder(ctx, { actor: handler(), orderId, unitId: step.unitId, note: step.note }))
        .order;
    case 'request_extension': {
      if (!row.handle_due_at) throw new Error('no handling deadline');
      const requestedDueAt = refs.calendar.addWorkingDays(row.handle_due_at, 3);
      return (await requestExtension(ctx, { actor: handler(), orderId, reason: step.reason, requestedDueAt }))
        .order;
    }
    case 'approve_extension':
      return (await approveExtension(ctx, { actor: person(step.by), orderId, note: step.note })).order;
    case 'refuse_extension':
      return (await refuseExtension(ctx, { actor: person(step.by), orderId, note: step.note })).order;
    case 'set_deadline':
      return (
        await setDeadline(ctx, {
          actor: person('leader'),
          orderId,
          handleDueAt: new Date(step.handleDueAt),
          note: step.note,
        })
      ).order;
    case 'reply': {
      const actor = handler();
      // A final reply carries the head's signed decision as evidence, uploaded like any attachment.
      const evidence = step.finalReplySignedBy
        ? await storeAttachment(ctx, { actor, fileName: '最终答复签批单.pdf', content: DEMO_SIGNED_PDF })
        : undefined;
      return (
        await replyToOrder(ctx, {
          actor,
          orderId,
          content: step.content,
          contactedCitizen: true,
          attachmentIds: [],
          finalReply:
            step.finalReplySignedBy && evidence
              ? { signedBy: step.finalReplySignedBy, evidenceAttachmentIds: [evidence.id] }
              : undefined,
        })
      ).order;
    }
    case 'approve_review':
    case 'reject_review': {
      const actor =
        row.state === 'unit_review'
          ? staff(people.reviewers, row.handling_unit_id)
          : person('centrereviewer');
      if (step.kind === 'approve_review')
        return (await approveReview(ctx, { actor, orderId, note: step.note })).order;
      return (await rejectReview(ctx, { actor, orderId, reason: step.reason })).order;
    }
    case 'visit':
      return (
        await visitOrder(ctx, {
          actor: person('visitor'),
          orderId,
          method: step.method,
          satisfaction: step.satisfaction,
          resolved: step.resolved,
          redo: step.redo,
          note: step.note,
        })
      ).order;
    case 'close':
      return (
        await closeUnvisited(ctx, { actor: person('visitor'), orderId, reason: step.reason, note: step.note })
      ).order;
    case 'merge': {
      const into = step.into.row;
      if (!into) throw new Error('merge target was not created');
      return (
        await mergeOrder(ctx, {
          actor: person('dispatcher'),
          orderId,
          intoOrderId: into.id,
          note: `与工单 ${into.number} 反映同一事项，合并办理。`,
        })
      ).order;
    }
    case 'withdraw':
      return (await withdrawOrder(ctx, { actor: person('calltaker'), orderId, reason: step.reason })).order;
  }
}
