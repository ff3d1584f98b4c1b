import { randomUUID } from 'node:crypto';
import type { Device, LoginRequest, RegisterRequest, Session } from '../../shared/api/auth';
import type { User } from '../../shared/api/common';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { isUniqueViolation } from '../db/database';
import type { DeviceRow } from '../db/devices';
import {
  countDevices,
  deleteDevice,
  findDevice,
  insertDevice,
  listDevices,
  touchDevice,
} from '../db/devices';
import { clearRateLimit, hitRateLimit, peekRateLimit } from '../db/rate-limits';
import { deleteSession, findSession, insertSession } from '../db/sessions';
import { findUserByEmail, insertUser, lockUser } from '../db/users';
import { iso } from '../util/clock';
import {
  burnPasswordCheck,
  hashPassword,
  newToken,
  sha256Hex,
  verifyPassword,
} from '../util/secrets';

export interface Caller {
  userId: string;
  deviceId: string;
  tokenHash: string;
}

export function toDevice(row: DeviceRow): Device {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
}

export async function register(ctx: ServerContext, body: RegisterRequest): Promise<User> {
  const user = { id: randomUUID(), email: body.email.toLowerCase(), name: body.name };
  const passwordHash = await hashPassword(body.password);
  try {
    await insertUser(ctx.db, {
      ...user,
      password_hash: passwordHash,
      balance: 0,
      event_seq: 0,
      created_at: iso(ctx.clock()),
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', 'An account with this email already exists');
    throw error;
  }
  return user;
}

/** Rejects while the email or the client address has too many recent failed logins. */
async function checkLoginLimit(ctx: ServerContext, keys: Array<[string, number]>): Promise<void> {
  const now = ctx.clock();
  const windowStartedBefore = iso(now - ctx.limits.loginWindowMs);
  for (const [key, max] of keys) {
    const state = await peekRateLimit(ctx.db, key, windowStartedBefore);
    if (state && state.count >= max) {
      const resetMs = Date.parse(state.windowStart) + ctx.limits.loginWindowMs - now;
      throw new AppError('RATE_LIMITED', 'Too many failed sign-in attempts', {
        data: { retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) },
      });
    }
  }
}

export async function login(
  ctx: ServerContext,
  body: LoginRequest,
  clientIp: string,
): Promise<Session> {
  const email = body.email.toLowerCase();
  const emailKey = `login:email:${email}`;
  const ipKey = `login:ip:${clientIp}`;
  await checkLoginLimit(ctx, [
    [emailKey, ctx.limits.loginFailuresPerEmail],
    [ipKey, ctx.limits.loginFailuresPerIp],
  ]);
  const user = await findUserByEmail(ctx.db, email);
  const ok = user
    ? await verifyPassword(body.password, user.password_hash)
    : (await burnPasswordCheck(body.password), false);
  if (!user || !ok) {
    const now = ctx.clock();
    const windowStartedBefore = iso(now - ctx.limits.loginWindowMs);
    await hitRateLimit(ctx.db, emailKey, iso(now), windowStartedBefore);
    await hitRateLimit(ctx.db, ipKey, iso(now), windowStartedBefore);
    throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  }
  await clearRateLimit(ctx.db, emailKey);

  const token = newToken();
  const now = iso(ctx.clock());
  const expiresAt = iso(ctx.clock() + ctx.limits.sessionTtlMs);
  const device = await ctx.database.transaction(async (tx) => {
    // The user's row lock serialises concurrent logins, so the device limit cannot be overrun.
    await lockUser(tx, ctx.engine, user.id);
    const existing = await findDevice(tx, user.id, body.deviceId);
    if (existing) {
      await touchDevice(tx, user.id, body.deviceId, body.deviceName, now);
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
  };
}

export async function logout(ctx: ServerContext, caller: Caller): Promise<void> {
  await deleteSession(ctx.db, caller.tokenHash);
}

export async function authenticate(ctx: ServerContext, token: string): Promise<Caller> {
  const tokenHash = sha256Hex(token);
  const session = await findSession(ctx.db, tokenHash);
  if (!session || Date.parse(session.expiresAt) <= ctx.clock()) {
    throw new AppError('UNAUTHENTICATED', 'Missing, unknown or expired session token');
  }
  return { userId: session.userId, deviceId: session.deviceId, tokenHash };
}

export async function devicesOf(ctx: ServerContext, caller: Caller): Promise<Device[]> {
  return (await listDevices(ctx.db, caller.userId)).map(toDevice);
}

export async function removeDevice(
  ctx: ServerContext,
  caller: Caller,
  deviceId: string,
): Promise<void> {
  const removed = await ctx.database.transaction((tx) => deleteDevice(tx, caller.userId, deviceId));
  if (!removed) throw new AppError('NOT_FOUND', 'No such device');
}
