import type { ReturnQuote, ReturnQuoteAnswer } from '../../shared/api/returns';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import type { CatalogRow } from '../db/contents';
import { findCatalogRow } from '../db/contents';
import type { LicenseForReturn } from '../db/licenses';
import { holdsContent, lockLicenseForReturn } from '../db/licenses';
import { findReturnByLicense } from '../db/returns';
import { iso } from '../util/clock';
import type { Caller } from './auth';
import { overBalanceCap } from './points-held';
import { returnOptions } from './pricing';
import { creditsOf } from './privileges/registry';
import { eligibilityOf } from './return-eligibility';
import { toPolicy } from './views';

/**
 * The newest version of the license's product, when it is newer and the user does not already
 * hold it: the target of a trade-in upgrade. Costs no query when the license is the newest.
 */
export async function upgradeTarget(
  db: Db,
  userId: string,
  license: LicenseForReturn,
): Promise<CatalogRow | null> {
  if (license.latest_version <= license.version) return null;
  if (await holdsContent(db, userId, license.latest_content_id)) return null;
  return (await findCatalogRow(db, license.latest_content_id)) ?? null;
}

export async function optionsFor(
  db: Db,
  userId: string,
  license: LicenseForReturn,
  withUpgrade = true,
) {
  const target = withUpgrade ? await upgradeTarget(db, userId, license) : null;
  const options = returnOptions({
    policy: toPolicy(license),
    paidCents: license.paid_cents,
    upgrade: target && { contentId: target.id, version: target.version, title: target.title },
  });
  return { options, target };
}

/** The license is not (or no longer) the caller's: 409 with the receipt if it was returned. */
export async function missingLicense(db: Db, caller: Caller, licenseId: string): Promise<never> {
  const done = await findReturnByLicense(db, licenseId);
  if (done && done.user_id === caller.userId) {
    throw new AppError('LICENSE_ALREADY_RETURNED', undefined, {
      data: { receipt: JSON.parse(done.receipt_json) },
    });
  }
  throw new AppError('NOT_FOUND', 'No such license');
}

/**
 * GET /licenses/:id/return-quote: everything that decides the return (window, policy, the
 * user's limit) and either the options, price-locked for 10 minutes by a signed quote id (no
 * row, docs/design.md §3.1), or the refusal the return itself would answer
 * (return-eligibility.ts, the same check; and the balance cap, which the return checks on the
 * privilege it grants).
 */
export async function quoteReturn(
  ctx: ServerContext,
  caller: Caller,
  licenseId: string,
  /** Points the items offered before it in one combined offer may credit (return-batch.ts). */
  creditedBefore = 0,
): Promise<ReturnQuoteAnswer> {
  const license = await lockLicenseForReturn(ctx.db, caller.userId, licenseId, {
    lock: false,
  });
  if (!license) return missingLicense(ctx.db, caller, licenseId);
  const now = ctx.clock();
  const { policy, limit, refusal } = await eligibilityOf(ctx.db, caller.userId, license, now);
  const stated = { licenseId, returnDeadline: license.l_return_deadline, policy, limit };
  if (refusal) return { status: 'refused', refusal, ...stated };
  const { options } = await optionsFor(ctx.db, caller.userId, license);
  // A policy always offers a kind, but one that would grant nothing is not offered (§2.2).
  if (options.length === 0) {
    return { status: 'refused', refusal: { code: 'NOT_RETURNABLE', freesAt: null }, ...stated };
  }
  // Nor one whose points the return would refuse, the balance being too near its cap (§4.1).
  const [first, ...rest] = options.filter(
    (option) =>
      !overBalanceCap(
        license.user_balance + creditedBefore + creditsOf(option.privilege),
        license.user_points_held,
      ),
  );
  if (!first) {
    return {
      status: 'refused',
      refusal: { code: 'BALANCE_LIMIT_REACHED', freesAt: null },
      ...stated,
    };
  }
  // Signed, not stored: any process can check it at the return (quote-tokens.ts).
  const signed = ctx.quoteTokens.sign(caller.userId, licenseId, now + ctx.limits.quoteTtlMs, [
    first,
    ...rest,
  ]);
  // PostgreSQL: the return naming this quote may start from this read (return-unlocked.ts).
  if (ctx.engine === 'postgres') ctx.quoteReads.remember(signed.quoteId, caller.userId, license);
  const quote: ReturnQuote = {
    status: 'offered',
    quoteId: signed.quoteId,
    expiresAt: iso(signed.expiresAtMs),
    options: [first, ...rest],
    ...stated,
  };
  return quote;
}
