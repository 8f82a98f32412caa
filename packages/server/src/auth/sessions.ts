import { timingSafeEqual } from 'node:crypto';
import { recordAudit } from '../audit/audit-log.ts';
import type { Role } from '../domain/reference.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { type Actor, apiKeyActor, userActor } from './actor.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';

export const SESSION_COOKIE = 'jiesu_session';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A session or key looked up once is trusted this long in this process; logout elsewhere takes effect within it. */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  unit_id: number | null;
  unit_path: string | null;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.password_hash, u.roles, u.unit_id, un.path AS unit_path,
  u.active, u.failed_logins, u.locked_until FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

const toActor = (u: UserRow) =>
  userActor({
    id: u.id,
    displayName: u.display_name,
    roles: u.roles,
    unitId: u.unit_id,
    unitPath: u.unit_path,
  });

export class Sessions {
  private readonly cache = new Map<string, { actor: Actor | null; until: number }>();
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly sessionHours: number,
  ) {}

  /** Password login with lockout after MAX_FAILED_LOGINS failures in a row. */
  async login(input: { username: string; password: string; ip?: string }) {
    const now = this.now();
    const [user] = await this.db.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [input.username]);
    if (!user?.active) {
      // Spend the same time as a real check so that response times do not reveal user names.
      this.dummyHash ??= hashPassword('not-a-real-password');
      await verifyPassword(await this.dummyHash, input.password);
      await recordAudit(this.db, {
        actor: null,
        action: 'login_failed',
        ip: input.ip,
        details: { username: input.username },
      });
      throw new AppError('LOGIN_FAILED');
    }
    if (user.locked_until && user.locked_until > now) {
      throw new AppError('ACCOUNT_LOCKED', { lockedUntil: user.locked_until.toISOString() });
    }
    if (!(await verifyPassword(user.password_hash, input.password))) {
      const [row] = await this.db.query<{ failed_logins: number; locked_until: Date | null }>(
        `UPDATE users SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE NULL END
         WHERE id = $1 RETURNING failed_logins, locked_until`,
        [user.id, MAX_FAILED_LOGINS, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)],
      );
      const locked = row?.locked_until != null;
      await recordAudit(this.db, {
        actor: { userId: user.id },
        action: locked ? 'account_locked' : 'login_failed',
        ip: input.ip,
        details: { failedLogins: row?.failed_logins },
      });
      if (locked) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: row?.locked_until?.toISOString() });
      throw new AppError('LOGIN_FAILED');
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.sessionHours * 3_600_000);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
      await tx.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
        hashToken(token),
        user.id,
        expiresAt,
      ]);
      await recordAudit(tx, { actor: { userId: user.id }, action: 'login', ip: input.ip });
    });
    return { token, expiresAt, actor: toActor(user) };
  }

  async logout(token: string) {
    const tokenHash = hashToken(token);
    this.cache.delete(`s:${tokenHash}`);
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** The actor of a session cookie, or null when it is unknown or expired. One query at most. */
  async fromSession(token: string): Promise<Actor | null> {
    const tokenHash = hashToken(token);
    return this.cached(`s:${tokenHash}`, async () => {
      const [user] = await this.db.query<UserRow>(
        `${USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active`,
        [tokenHash, this.now()],
      );
      return user ? toActor(user) : null;
    });
  }

  /** Keys look like `jsk_<prefix>_<secret>`; the prefix finds the row, the hash proves the secret. */
  async fromApiKey(key: string): Promise<Actor | null> {
    const m = /^jsk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$/.exec(key);
    if (!m) return null;
    const keyHash = hashToken(key);
    return this.cached(`k:${keyHash}`, async () => {
      const [row] = await this.db.query<{ id: number; name: string; channel: string; key_hash: string }>(
        'SELECT id, name, channel, key_hash FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL',
        [m[1]],
      );
      if (!row) return null;
      const a = Buffer.from(row.key_hash);
      const b = Buffer.from(keyHash);
      return a.length === b.length && timingSafeEqual(a, b) ? apiKeyActor(row) : null;
    });
  }

  forget() {
    this.cache.clear();
  }

  private async cached(key: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    const hit = this.cache.get(key);
    const t = Date.now();
    if (hit && hit.until > t) return hit.actor;
    const actor = await load();
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { actor, until: t + CACHE_MS });
    return actor;
  }
}

export function newApiKey() {
  const prefix = newToken(6)
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 8);
  return { prefix, key: `jsk_${prefix}_${newToken(24)}` };
}
