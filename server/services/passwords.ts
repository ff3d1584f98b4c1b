import type { ChangePasswordRequest, PasswordChanged } from '../../shared/api/auth';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { findUsableAccountToken, retireAccountTokens, useAccountToken } from '../db/account-tokens';
import { deleteSessionsOfUser } from '../db/sessions';
import { confirmUserEmail, findUserByEmail, findUserById, setPasswordHash } from '../db/users';
import { passwordResetMail } from '../mail/account-mails';
import { iso } from '../util/clock';
import { hashPassword, sha256Hex, verifyPassword } from '../util/secrets';
import type { Caller } from './auth';
import { linkHours, newAccountLink } from './account-links';
import { takeMailAttempt } from './accounts';
import { giveBackAttempt, takeAttempt } from './limits';

/** Mails a password reset link when the address has an account; the same answer either way. */
export async function requestPasswordReset(
  ctx: ServerContext,
  emailGiven: string,
  clientAddress: string,
): Promise<void> {
  const email = emailGiven.toLowerCase();
  await takeMailAttempt(ctx, email, clientAddress);
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const link = await newAccountLink(ctx, ctx.db, user.id, 'reset');
  ctx.mail.send(passwordResetMail(email, user.name, link, linkHours(ctx, 'reset')));
}

/** True while a reset link can still be used (the reset page shows its form only then). */
export async function isResetLinkUsable(ctx: ServerContext, token: string): Promise<boolean> {
  return (
    (await findUsableAccountToken(ctx.db, sha256Hex(token), 'reset', iso(ctx.clock()))) !==
    undefined
  );
}

/**
 * Sets a new password with a reset link's token, once. Every session of the account ends (the
 * reset may be the owner taking the account back from someone who knew the old password), the
 * other reset links stop working, and the address counts as confirmed: the link reached it.
 */
export async function resetPassword(
  ctx: ServerContext,
  token: string,
  password: string,
  clientAddress: string,
): Promise<PasswordChanged> {
  await takeAttempt(ctx, `account-link:address:${clientAddress}`, ctx.limits.linkUsesPerAddress);
  const tokenHash = sha256Hex(token);
  // Checked before the (slow) hash so a dead link answers at once; used for real below.
  if (!(await findUsableAccountToken(ctx.db, tokenHash, 'reset', iso(ctx.clock())))) {
    throw new AppError('LINK_INVALID');
  }
  const passwordHash = await hashPassword(password, ctx.passwordCost);
  const now = iso(ctx.clock());
  const reset = await ctx.database.transaction(async (tx) => {
    const userId = await useAccountToken(tx, tokenHash, 'reset', now);
    if (!userId) throw new AppError('LINK_INVALID');
    await setPasswordHash(tx, userId, passwordHash);
    await confirmUserEmail(tx, userId, now);
    await retireAccountTokens(tx, userId, 'reset', now);
    return { userId, sessionsEnded: await deleteSessionsOfUser(tx, userId) };
  });
  ctx.sessions.forget((_, s) => s.userId === reset.userId);
  const { sessionsEnded } = reset;
  ctx.logger.info({ sessionsEnded }, 'password reset by link');
  return { ok: true, sessionsEnded };
}

/**
 * Changes the password of the signed-in user, who proves it with the current one (counted like
 * a sign-in, so a stolen session cannot guess it). The account's other sessions end; this one
 * stays.
 */
export async function changePassword(
  ctx: ServerContext,
  caller: Caller,
  body: ChangePasswordRequest,
): Promise<PasswordChanged> {
  const key = `password-change:account:${caller.userId}`;
  await takeAttempt(ctx, key, ctx.limits.passwordChangesPerAccount);
  const user = await findUserById(ctx.db, caller.userId);
  if (!user || !(await verifyPassword(body.currentPassword, user.password_hash))) {
    // Not UNAUTHENTICATED: the session is fine, and a client would take that for "signed out".
    throw new AppError('VALIDATION_FAILED', 'The current password is wrong', {
      issues: [{ path: 'currentPassword', message: 'The current password is wrong' }],
    });
  }
  await giveBackAttempt(ctx, key);
  const passwordHash = await hashPassword(body.newPassword, ctx.passwordCost);
  const sessionsEnded = await ctx.database.transaction(async (tx) => {
    // Only over the hash that was checked: a concurrent change or reset wins, this one fails.
    if (!(await setPasswordHash(tx, user.id, passwordHash, user.password_hash))) {
      throw new AppError('CONFLICT', 'The password was changed meanwhile; sign in again');
    }
    await retireAccountTokens(tx, user.id, 'reset', iso(ctx.clock()));
    return deleteSessionsOfUser(tx, user.id, caller.tokenHash);
  });
  ctx.sessions.forget((tokenHash, s) => s.userId === user.id && tokenHash !== caller.tokenHash);
  return { ok: true, sessionsEnded };
}
