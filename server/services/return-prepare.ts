import { randomUUID } from 'node:crypto';
import type { Receipt, ReturnRequest } from '../../shared/api/returns';
import type { PrivilegeOffer } from '../../shared/returns/privileges';
import type { LicenseReturnedWebhook } from '../../shared/api/webhooks';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import type { LicenseForReturn } from '../db/licenses';
import type { ReturnWrites } from '../db/return-writes';
import { iso } from '../util/clock';
import type { Caller } from './auth';
import type { EventBody } from './events';
import { eventRows } from './events';
import { overBalanceCap } from './points-held';
import { grantOffer, webhookPrivilege } from './privileges/registry';
import { optionsFor } from './return-options';
import { pointsAtRate } from './return-kinds/return-kind';
import { eligibilityOf, refusalError } from './return-eligibility';
import { SERVER_RETURN_KINDS } from './return-kinds/registry';

/** Step 2's option check: the policy must offer the kind now; a valid quote locks its points. */
async function chooseOption(
  ctx: ServerContext,
  tx: Db,
  caller: Caller,
  request: ReturnRequest,
  license: LicenseForReturn,
  now: number,
) {
  let quoted: PrivilegeOffer | undefined;
  if (request.quoteId) {
    // Signed by a process of this server for this caller and license (quote-tokens.ts).
    const quote = ctx.quoteTokens.open(request.quoteId, caller.userId, request.licenseId);
    if (!quote) throw new AppError('NOT_FOUND', 'No such quote');
    if (quote.expiresAtMs <= now) throw new AppError('QUOTE_EXPIRED');
    const offer = quote.offerOf(request.kind);
    if (!offer.offered) {
      throw new AppError('OPTION_NOT_OFFERED', 'The quote does not offer this option');
    }
    // The price lock: the quoted rate of what the purchase paid (which never changes).
    if (offer.ratePct !== null) {
      quoted = { type: 'points', points: pointsAtRate(license.paid_cents, offer.ratePct) };
    }
  }
  // The upgrade target costs queries and only matters to kinds whose offer uses it.
  const { options, target } = await optionsFor(
    tx,
    caller.userId,
    license,
    SERVER_RETURN_KINDS[request.kind].usesUpgradeTarget,
  );
  const current = options.find((o) => o.kind === request.kind);
  if (!current) throw new AppError('OPTION_NOT_OFFERED');
  return { current: current.privilege, quoted, target };
}

export interface ReturnOutcome {
  receipt: Receipt;
  /** True when this return id had already been processed: the same receipt, again. */
  replay: boolean;
  /** Webhook deliveries this return queued (the worker is woken only when there are some). */
  queued?: number;
  /** How a new return was written (return-unlocked.ts): for the metrics. */
  path?: 'quote-read' | 'unlocked' | 'locked';
}

/** What steps 2–3 produce from a read of the license: the answer and the writes. */
export interface PreparedReturn {
  receipt: Receipt;
  writes: ReturnWrites;
}

/**
 * Steps 2 and 3 of docs/design.md §3.2: the checks (option, quote, window, limit) and every write,
 * computed from `license` as read on `db` (locked in the transaction, or unlocked by
 * return-unlocked.ts, whose statement re-checks what this used). Throws the refusal.
 */
export async function prepareReturn(
  ctx: ServerContext,
  db: Db,
  caller: Caller,
  request: ReturnRequest,
  license: LicenseForReturn,
): Promise<PreparedReturn> {
  const { userId } = caller;
  const now = ctx.clock();
  const at = iso(now);
  // The quote's own check (return-eligibility.ts): the user's row is locked (PostgreSQL), the
  // database is (SQLite), or the write re-checks the user's event sequence, so the limit's count
  // is exact.
  const { refusal } = await eligibilityOf(db, userId, license, now);
  if (refusal?.code === 'NOT_RETURNABLE') throw refusalError(refusal);
  const { current, quoted, target } = await chooseOption(ctx, db, caller, request, license, now);
  if (refusal) throw refusalError(refusal);

  // 3. Delete the license; 4. grant the privilege; 5. events and the webhook outbox — all
  // computed here from the rows read, then written together.
  const { granted, events } = grantOffer(current, quoted, {
    ctx,
    userId,
    license,
    target,
    returnId: request.returnId,
    at,
  });
  const { privilege, points, newLicense } = granted;
  const balance = license.user_balance + points;
  if (overBalanceCap(balance, license.user_points_held)) {
    throw new AppError('BALANCE_LIMIT_REACHED');
  }
  const receipt: Receipt = {
    returnId: request.returnId,
    licenseId: license.l_id,
    contentId: license.id,
    productId: license.product_id,
    version: license.version,
    title: license.title,
    kind: request.kind,
    privilege,
    balance,
    returnedAt: at,
  };
  const bodies: EventBody[] = [{ type: 'license.returned', receipt }, ...events(balance)];
  const lastEventSeq = license.user_event_seq + bodies.length;
  const webhook = webhookBody(userId, receipt, at);
  const writes: ReturnWrites = {
    userId,
    balanceAfter: balance,
    lastEventSeq,
    deletedLicenseId: license.l_id,
    deletedContentId: license.id,
    returnRow: {
      id: request.returnId,
      user_id: userId,
      device_id: caller.deviceId,
      license_id: license.l_id,
      content_id: license.id,
      purchase_id: license.l_purchase_id,
      kind: request.kind,
      privilege_type: privilege.type,
      points,
      new_license_id: newLicense?.row.id ?? null,
      quote_id: request.quoteId ?? null,
      license_snapshot: licenseSnapshotJson(license),
      receipt_json: JSON.stringify(receipt),
      returned_at: at,
    },
    ledgerRow:
      points > 0
        ? {
            id: randomUUID(),
            user_id: userId,
            seq: lastEventSeq,
            delta: points,
            reason: request.kind,
            reference: request.returnId,
            balance_after: balance,
            created_at: at,
          }
        : null,
    newLicense: newLicense?.row ?? null,
    events: eventRows(userId, lastEventSeq, at, bodies),
    webhook: { eventId: webhook.id, body: JSON.stringify(webhook), at },
  };
  return { receipt, writes };
}

/**
 * What the return keeps of the deleted license, as JSON text. The signed document is spliced in
 * as stored: it is our own `JSON.stringify` output, so parsing and re-serialising it on every
 * return (most of this function's cost) would write the same text.
 */
function licenseSnapshotJson(license: LicenseForReturn): string {
  const rest = JSON.stringify({
    id: license.l_id,
    contentId: license.id,
    purchaseId: license.l_purchase_id,
    issuedAt: license.l_issued_at,
    returnDeadline: license.l_return_deadline,
    upgradedFromReturnId: license.l_upgraded_from_return_id,
  });
  return `${rest.slice(0, -1)},"signed":${license.l_signed_json}}`;
}

function webhookBody(userId: string, receipt: Receipt, at: string): LicenseReturnedWebhook {
  return {
    id: randomUUID(),
    type: 'license.returned',
    occurredAt: at,
    data: {
      userId,
      returnId: receipt.returnId,
      licenseId: receipt.licenseId,
      contentId: receipt.contentId,
      productId: receipt.productId,
      version: receipt.version,
      kind: receipt.kind,
      contentStatus: 'returned',
      privilege: webhookPrivilege(receipt),
    },
  };
}
