import { AppError } from '../../shared/errors';
import type { Db } from '../db/database';
import { getSetting, putSetting, putSettingIfAbsent } from '../db/settings';
import { newToken, safeEqualHex, sha256Hex } from '../util/secrets';

const ADMIN_TOKEN_KEY = 'admin_token_sha256';

/**
 * Makes sure an admin token exists. A token given by the operator replaces the stored hash;
 * otherwise one is generated at first start and answered once (only its hash is kept), so the
 * caller can print it. Answers null when a token was set before and is not known here.
 */
export async function ensureAdminToken(db: Db, given: string | undefined): Promise<string | null> {
  if (given) {
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
