import { PERMISSIONS, type Permission, permissionsOf } from '../domain/permissions.ts';
import type { Role } from '../domain/reference.ts';
import { AppError } from '../platform/errors.ts';

/**
 * Who is making a request: a signed-in person, or a channel integration holding an API key.
 * Resolved once per request by the auth hook and passed to every service call.
 */
export interface Actor {
  userId: number | null;
  apiKeyId: number | null;
  name: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  unitId: number | null;
  /** Materialised path of the actor's unit, for subtree (data scope) checks. */
  unitPath: string | null;
  /** The intake channel an API key speaks for. */
  channel: string | null;
}

export function userActor(u: {
  id: number;
  displayName: string;
  roles: readonly Role[];
  unitId: number | null;
  unitPath: string | null;
}): Actor {
  return {
    userId: u.id,
    apiKeyId: null,
    name: u.displayName,
    roles: u.roles,
    permissions: permissionsOf(u.roles),
    unitId: u.unitId,
    unitPath: u.unitPath,
    channel: null,
  };
}

/** An API key may only submit and read orders of its own channel. */
export function apiKeyActor(k: { id: number; name: string; channel: string }): Actor {
  return {
    userId: null,
    apiKeyId: k.id,
    name: k.name,
    roles: [],
    permissions: new Set<Permission>(['order.create']),
    unitId: null,
    unitPath: null,
    channel: k.channel,
  };
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

export function requirePermission(actor: Actor | null | undefined, permission: Permission): Actor {
  const a = requireActor(actor);
  if (!a.permissions.has(permission)) throw new AppError('FORBIDDEN', { permission });
  return a;
}

export const can = (actor: Actor | null | undefined, permission: Permission) =>
  actor?.permissions.has(permission) ?? false;

/** The command line and the demo seed act as the system: every permission, no unit, no user row. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  apiKeyId: null,
  name: '系统',
  roles: [],
  permissions: new Set(PERMISSIONS),
  unitId: null,
  unitPath: null,
  channel: null,
};
