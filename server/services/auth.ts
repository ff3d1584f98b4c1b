import type { Device, LoginRequest, Session } from '../../shared/api/auth';
import { AppError } from '../../shared/errors';
import type { LimitRule, ServerContext } from '../context';
import type { DeviceRow } from '../db/devices';
import {
  countDevices,
  deleteDevice,
  findDevice,
  insertDevice,
  listDevices,
  touchDevice,
  setDeviceName,
} from '../db/devices';
import { deleteSession, findSession, insertSession } from '../db/sessions';
import {
  findUserByEmail,
  findUserById,
  lockUser,
  lockUserPasswordHash,
  rehashPassword,
} from '../db/users';
import { iso } from '../util/clock';
import {
  burnPasswordCheck,
  hashPassword,
  needsRehash,
  newToken,
  safeEqualHex,
  sha256Hex,
  verifyPassword,
} from '../util/secrets';
import { giveBackAttempt, takeAttempt } from './limits';

export interface Caller {
  userId: string;
  deviceId: string;
  tokenHash: string;
}

export function toDevice(row: DeviceRow): Device {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
}

/** True when `secret` is the one last issued to this device of this user. */
async function isKnownDevice(
  ctx: ServerContext,
  userId: string,
  deviceId: string,
  secret: string,
): Promise<boolean> {
  const device = await findDevice(ctx.db, userId, deviceId);
  return !!device?.secret_hash && safeEqualHex(sha256Hex(secret), device.secret_hash);
}

/**
 * The counters a sign-in attempt is taken from. A known device has its own, which nobody
 * without its secret can touch. Anyone else is counted per account and address (guesses from
 * an attacker's address use up the attacker's counter, not the owner's) and per address.
 */
function loginCounters(
  ctx: ServerContext,
  email: string,
  clientAddress: string,
  knownDevice: { userId: string; deviceId: string } | null,
): Array<[string, LimitRule]> {
  if (knownDevice) {
    return [
      [
        `login:device:${knownDevice.userId}:${knownDevice.deviceId}`,
        ctx.limits.loginPerKnownDevice,
      ],
    ];
  }
  return [
    [`login:account:${email}:address:${clientAddress}`, ctx.limits.loginPerAccountAddress],
    [`login:address:${clientAddress}`, ctx.limits.loginPerAddress],
  ];
}

export async function login(
  ctx: ServerContext,
  body: LoginRequest,
  clientAddress: string,
): Promise<Session> {
  const email = body.email.toLowerCase();
  const user = await findUserByEmail(ctx.db, email);
  const known =
    user && body.deviceSecret !== undefined
      ? await isKnownDevice(ctx, user.id, body.deviceId, body.deviceSecret)
      : false;
  const counters = loginCounters(
    ctx,
    email,
    clientAddress,
    known && user ? { userId: user.id, deviceId: body.deviceId } : null,
  );
  // Counted before the password is checked: of any number of parallel guesses, at most the
  // limit ever reach the check.
  for (const [key, rule] of counters) await takeAttempt(ctx, key, rule);
  const ok = user
    ? await verifyPassword(body.password, user.password_hash)
    : (await burnPasswordCheck(body.password, ctx.passwordCost), false);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  await Promise.all(counters.map(([key]) => giveBackAttempt(ctx, key)));
  // Told only to whoever knows the password, so it reveals nothing about which addresses exist.
  if (user.email_confirmed_at === null) throw new AppError('EMAIL_NOT_CONFIRMED');
  let checkedHash = user.password_hash;
  if (needsRehash(user.password_hash, ctx.passwordCost)) {
    const rehashed = await hashPassword(body.password, ctx.passwordCost);
    if (await rehashPassword(ctx.db, user.id, user.password_hash, rehashed)) {
      checkedHash = rehashed;
    } else {
      // The hash changed since it was read: another sign-in's rehash (the same password, which
      // must still sign in) or a reset or change (another password, refused). Told apart by
      // checking the password against the hash stored now; the transaction below re-checks it.
      const now = (await findUserById(ctx.db, user.id))?.password_hash;
      if (!now || !(await verifyPassword(body.password, now))) {
        throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
      }
      checkedHash = now;
    }
  }

  const token = newToken();
  const deviceSecret = newToken();
  const now = iso(ctx.clock());
  const expiresAt = iso(ctx.clock() + ctx.limits.sessionTtlMs);
  const device = await ctx.database.transaction(async (tx) => {
    // The user's row lock serialises concurrent logins, so the device limit cannot be overrun.
    // Under it, the password checked above must still be the account's: a reset or change that
    // committed since ended every session, and a session made with the old password would
    // outlive it.
    if ((await lockUserPasswordHash(tx, ctx.engine, user.id)) !== checkedHash) {
      throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
    }
    const existing = await findDevice(tx, user.id, body.deviceId);
    if (existing) {
      await touchDevice(tx, user.id, body.deviceId, now, sha256Hex(deviceSecret));
    } else {
      if ((await countDevices(tx, user.id)) >= ctx.limits.deviceLimit) {
        throw new AppError('DEVICE_LIMIT_REACHED');
      }
      await insertDevice(tx, {
        user_id: user.id,
        id: body.deviceId,
        name: body.deviceName,
        created_at: now,
        last_seen_at: now,
        secret_hash: sha256Hex(deviceSecret),
      });
    }
    await insertSession(tx, {
      token_hash: sha256Hex(token),
      user_id: user.id,
      device_id: body.deviceId,
      created_at: now,
      expires_at: expiresAt,
    });
    return (await findDevice(tx, user.id, body.deviceId)) as DeviceRow;
  });
  return {
    token,
    expiresAt,
    user: { id: user.id, email: user.email, name: user.name },
    device: toDevice(device),
    deviceSecret,
  };
}

export async function logout(ctx: ServerContext, caller: Caller): Promise<void> {
  await deleteSession(ctx.db, caller.tokenHash);
  ctx.sessions.forget((tokenHash) => tokenHash === caller.tokenHash);
}

/**
 * The caller of a bearer token: from the database, or from this process's sessions verified
 * within `limits.sessionRecheckMs` (docs/design.md §7.7).
 */
export async function authenticate(ctx: ServerContext, token: string): Promise<Caller> {
  const tokenHash = sha256Hex(token);
  let session = ctx.sessions.recall(tokenHash, ctx.clock());
  if (!session) {
    const ticket = ctx.sessions.ticket;
    session = await findSession(ctx.db, tokenHash);
    if (session) ctx.sessions.remember(tokenHash, session, ctx.clock(), ticket);
  }
  if (!session || Date.parse(session.expiresAt) <= ctx.clock()) {
    throw new AppError('UNAUTHENTICATED', 'Missing, unknown or expired session token');
  }
  return { userId: session.userId, deviceId: session.deviceId, tokenHash };
}

export async function devicesOf(ctx: ServerContext, caller: Caller): Promise<Device[]> {
  return (await listDevices(ctx.db, caller.userId)).map(toDevice);
}

export async function renameDevice(
  ctx: ServerContext,
  caller: Caller,
  deviceId: string,
  name: string,
): Promise<Device> {
  const row = await ctx.database.transaction((tx) =>
    setDeviceName(tx, caller.userId, deviceId, name),
  );
  if (!row) throw new AppError('NOT_FOUND', 'No such device');
  return toDevice(row);
}

export async function removeDevice(
  ctx: ServerContext,
  caller: Caller,
  deviceId: string,
): Promise<void> {
  const removed = await ctx.database.transaction(async (tx) => {
    // The user's row lock waits for a sign-in of this device under way (it holds the lock while
    // it writes its session): otherwise that session, not yet committed when the sessions are
    // deleted here, would outlive its device.
    await lockUser(tx, ctx.engine, caller.userId);
    return deleteDevice(tx, caller.userId, deviceId);
  });
  ctx.sessions.forget((_, s) => s.userId === caller.userId && s.deviceId === deviceId);
  if (!removed) throw new AppError('NOT_FOUND', 'No such device');
}
