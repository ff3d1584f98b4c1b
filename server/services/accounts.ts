import { randomUUID } from 'node:crypto';
import type { RegisterRequest, RegistrationAccepted } from '../../shared/api/auth';
import type { User } from '../../shared/api/common';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { retireAccountTokens, useAccountToken } from '../db/account-tokens';
import { isUniqueViolation } from '../db/database';
import { confirmUserEmail, findUserByEmail, findUserById, insertUser } from '../db/users';
import { addressTakenMail, confirmationMail } from '../mail/account-mails';
import { iso } from '../util/clock';
import { hashPassword, sha256Hex } from '../util/secrets';
import { linkHours, newAccountLink } from './account-links';
import { takeAttempt } from './limits';

/** Counts a mail asked for about `email`, whether or not it has an account (so no leak). */
export async function takeMailAttempt(
  ctx: ServerContext,
  email: string,
  clientAddress: string,
): Promise<void> {
  await takeAttempt(
    ctx,
    `account-mail:address:${clientAddress}`,
    ctx.limits.accountMailsPerAddress,
  );
  await takeAttempt(ctx, `account-mail:account:${email}`, ctx.limits.accountMailsPerAccount);
}

/**
 * Registration (docs/design.md §7.11). The answer, and the work done before it, are the same
 * whether or not the address has an account: the password is hashed on both paths, a row is
 * written on both (the user and its link, or the owner's link), and the mail goes out after the
 * answer. A new address gets an account that cannot sign in until the mailed link confirms it;
 * a taken one gets nothing new, and its owner a notice with a link to set a new password.
 */
export async function register(
  ctx: ServerContext,
  body: RegisterRequest,
  clientAddress: string,
): Promise<RegistrationAccepted> {
  const email = body.email.toLowerCase();
  await takeAttempt(ctx, `register:address:${clientAddress}`, ctx.limits.registrationsPerAddress);
  await takeAttempt(ctx, `account-mail:account:${email}`, ctx.limits.accountMailsPerAccount);
  const passwordHash = await hashPassword(body.password, ctx.passwordCost);
  const id = randomUUID();
  let link: string;
  try {
    link = await ctx.database.transaction(async (tx) => {
      await insertUser(tx, {
        id,
        email,
        name: body.name,
        password_hash: passwordHash,
        balance: 0,
        event_seq: 0,
        created_at: iso(ctx.clock()),
        email_confirmed_at: null,
      });
      return newAccountLink(ctx, tx, id, 'confirm');
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await mailOwnerOfTakenAddress(ctx, email);
    return { email, confirmationSent: true };
  }
  ctx.mail.send(confirmationMail(email, body.name, link, linkHours(ctx, 'confirm')));
  return { email, confirmationSent: true };
}

async function mailOwnerOfTakenAddress(ctx: ServerContext, email: string): Promise<void> {
  const owner = await findUserByEmail(ctx.db, email);
  if (!owner) return;
  const link = await newAccountLink(ctx, ctx.db, owner.id, 'reset');
  ctx.mail.send(addressTakenMail(email, owner.name, link, linkHours(ctx, 'reset')));
}

/** An account the server makes itself (the demo seed), confirmed from the start. */
export async function createConfirmedUser(
  ctx: ServerContext,
  body: RegisterRequest,
): Promise<User> {
  const user = { id: randomUUID(), email: body.email.toLowerCase(), name: body.name };
  const now = iso(ctx.clock());
  await insertUser(ctx.db, {
    ...user,
    password_hash: await hashPassword(body.password, ctx.passwordCost),
    balance: 0,
    event_seq: 0,
    created_at: now,
    email_confirmed_at: now,
  });
  return user;
}

/** Confirms the address with a mailed link's token; the link then no longer works. */
export async function confirmEmail(
  ctx: ServerContext,
  token: string,
  clientAddress: string,
): Promise<User> {
  await takeAttempt(ctx, `account-link:address:${clientAddress}`, ctx.limits.linkUsesPerAddress);
  const now = iso(ctx.clock());
  const user = await ctx.database.transaction(async (tx) => {
    const userId = await useAccountToken(tx, sha256Hex(token), 'confirm', now);
    if (!userId) throw new AppError('LINK_INVALID');
    await confirmUserEmail(tx, userId, now);
    await retireAccountTokens(tx, userId, 'confirm', now);
    return findUserById(tx, userId);
  });
  if (!user) throw new AppError('LINK_INVALID');
  return { id: user.id, email: user.email, name: user.name };
}

/** Mails a new confirmation link to an unconfirmed account; the same answer for any address. */
export async function resendConfirmation(
  ctx: ServerContext,
  emailGiven: string,
  clientAddress: string,
): Promise<void> {
  const email = emailGiven.toLowerCase();
  await takeMailAttempt(ctx, email, clientAddress);
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.email_confirmed_at !== null) return;
  const link = await newAccountLink(ctx, ctx.db, user.id, 'confirm');
  ctx.mail.send(confirmationMail(email, user.name, link, linkHours(ctx, 'confirm')));
}
