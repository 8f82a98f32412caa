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

const USER_COLUMNS = `u.id, u.username, u.display_name, u.password_hash, u.roles, u.unit_id, un.path AS unit_path,
  u.active, u.failed_logins, u.locked_until`;
const USER_SELECT = `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

const toActor = (u: UserRow) =>
  userActor({
    id: u.id,
    displayName: u.display_name,
    roles: u.roles,
    unitId: u.unit_id,
    unitPath: u.unit_path,
  });

export class Sessions {
  /** `until` is wall-clock (cache lifetime); `expiresAt` is the session's own end on the app's clock. */
  private readonly cache = new Map<string, { actor: Actor | null; until: number; expiresAt?: Date }>();
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
    // Claim one attempt before checking the password, in one statement: parallel guesses cannot all
    // slip past the lock check, so at most MAX_FAILED_LOGINS passwords are tried per lockout. The
    // attempt that uses the last try sets the lock at once (a success lifts it); a lockout that has
    // passed starts a fresh count.
    const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    const [claim] = await this.db.query<{ failed_logins: number; locked_until: Date | null }>(
      `UPDATE users SET
         failed_logins = CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN (CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END) >= $3
           THEN $4::timestamptz ELSE NULL END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
       RETURNING failed_logins, locked_until`,
      [user.id, now, MAX_FAILED_LOGINS, lockUntil],
    );
    if (!claim) {
      const [row] = await this.db.query<{ locked_until: Date | null }>(
        'SELECT locked_until FROM users WHERE id = $1',
        [user.id],
      );
      throw new AppError('ACCOUNT_LOCKED', { lockedUntil: row?.locked_until?.toISOString() ?? null });
    }
    if (!(await verifyPassword(user.password_hash, input.password))) {
      const locked = claim.locked_until !== null;
      await recordAudit(this.db, {
        actor: { userId: user.id },
        action: locked ? 'account_locked' : 'login_failed',
        ip: input.ip,
        details: { failedLogins: claim.failed_logins },
      });
      if (locked) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: claim.locked_until?.toISOString() });
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
      const [user] = await this.db.query<UserRow & { expires_at: Date }>(
        `SELECT ${USER_COLUMNS}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN units un ON un.id = u.unit_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active`,
        [tokenHash, this.now()],
      );
      return user ? { actor: toActor(user), expiresAt: user.expires_at } : { actor: null };
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
      if (!row) return { actor: null };
      const a = Buffer.from(row.key_hash);
      const b = Buffer.from(keyHash);
      return { actor: a.length === b.length && timingSafeEqual(a, b) ? apiKeyActor(row) : null };
    });
  }

  forget() {
    this.cache.clear();
  }

  private async cached(
    key: string,
    load: () => Promise<{ actor: Actor | null; expiresAt?: Date }>,
  ): Promise<Actor | null> {
    const hit = this.cache.get(key);
    const t = Date.now();
    // A cached session still ends exactly when it expires.
    if (hit && hit.until > t && !(hit.expiresAt && hit.expiresAt <= this.now())) return hit.actor;
    const loaded = await load();
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { ...loaded, until: t + CACHE_MS });
    return loaded.actor;
  }
}

export function newApiKey() {
  const prefix = newToken(6)
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 8);
  return { prefix, key: `jsk_${prefix}_${newToken(24)}` };
}
