import type { ServerContext } from '../context';
import { insertAccountToken } from '../db/account-tokens';
import type { Db } from '../db/database';
import type { AccountTokenPurpose } from '../db/schema';
import { iso } from '../util/clock';
import { newToken, sha256Hex } from '../util/secrets';

/**
 * The pages a mailed link opens (server/http/account-pages.ts): served by the server itself,
 * so a link works in whatever browser the mail is read in (docs/design.md §7.11).
 */
export const ACCOUNT_PAGE_PATHS = {
  confirm: '/account/confirm',
  reset: '/account/reset',
} as const;

const HOUR = 60 * 60 * 1000;

/** How long a link of each purpose stays usable, in hours (the mails say it). */
export function linkHours(ctx: ServerContext, purpose: AccountTokenPurpose): number {
  const ttl = purpose === 'confirm' ? ctx.limits.confirmLinkTtlMs : ctx.limits.resetLinkTtlMs;
  return Math.max(1, Math.round(ttl / HOUR));
}

/**
 * Makes a link of `purpose` for the user: a new random token, of which only the sha256 is
 * stored, in the server's public address (SHELF_PUBLIC_URL).
 */
export async function newAccountLink(
  ctx: ServerContext,
  db: Db,
  userId: string,
  purpose: AccountTokenPurpose,
): Promise<string> {
  const token = newToken();
  const now = ctx.clock();
  const ttl = purpose === 'confirm' ? ctx.limits.confirmLinkTtlMs : ctx.limits.resetLinkTtlMs;
  await insertAccountToken(db, {
    token_hash: sha256Hex(token),
    user_id: userId,
    purpose,
    created_at: iso(now),
    expires_at: iso(now + ttl),
    used_at: null,
  });
  // Appended, not resolved: a public address with a path (behind a proxy) keeps its path.
  return `${ctx.publicUrl}${ACCOUNT_PAGE_PATHS[purpose]}?token=${token}`;
}
