import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { getSetting, putSetting, putSettingIfAbsent } from '../db/settings';
import { newToken, safeEqualHex, sha256Hex } from '../util/secrets';
import { giveBackAttempt, takeAttempt } from './limits';

const ADMIN_TOKEN_KEY = 'admin_token_sha256';
/** A token an operator chooses must be long enough that guessing it is hopeless. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/**
 * Makes sure an admin token exists. A token given by the operator replaces the stored hash;
 * otherwise one is generated at first start and answered once (only its hash is kept), so the
 * caller can print it. Answers null when a token was set before and is not known here.
 */
export async function ensureAdminToken(db: Db, given: string | undefined): Promise<string | null> {
  if (given !== undefined) {
    if (given.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`,
      );
    }
    await putSetting(db, ADMIN_TOKEN_KEY, sha256Hex(given));
    return given;
  }
  const token = newToken();
  return (await putSettingIfAbsent(db, ADMIN_TOKEN_KEY, sha256Hex(token))) ? token : null;
}

/** Read from the database on every call: another process may have changed it. */
export async function verifyAdminToken(db: Db, token: string): Promise<void> {
  const stored = await getSetting(db, ADMIN_TOKEN_KEY);
  if (!stored || !safeEqualHex(sha256Hex(token), stored)) {
    throw new AppError('FORBIDDEN', 'An admin token is required');
  }
}

/**
 * The admin check of a request: the attempt is counted per client address before the token is
 * compared and given back when it matches, so only wrong tokens use up the limit.
 */
export async function checkAdminToken(
  ctx: ServerContext,
  token: string,
  clientAddress: string,
): Promise<void> {
  const key = `admin:address:${clientAddress}`;
  await takeAttempt(ctx, key, ctx.limits.adminFailuresPerAddress);
  await verifyAdminToken(ctx.db, token);
  await giveBackAttempt(ctx, key);
}
