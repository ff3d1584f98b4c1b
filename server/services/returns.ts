import { randomUUID } from 'node:crypto';
import type {
  QuoteOption,
  Receipt,
  ReturnRequest,
  ReturnsQuery,
  ReturnsResponse,
} from '../../shared/api/returns';
import type { LicenseReturnedWebhook } from '../../shared/api/webhooks';
import { MAX_BALANCE } from '../../shared/api/common';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/database';
import type { LicenseForReturn } from '../db/licenses';
import { lockLicenseForReturn } from '../db/licenses';
import { writeReturn } from '../db/return-writes';
import { findReturnById, findReturnByLicense, listReceipts } from '../db/returns';
import { iso } from '../util/clock';
import { decodeCursor, encodeCursor, timeIdCursorSchema } from '../util/cursor';
import type { Caller } from './auth';
import type { EventBody } from './events';
import { eventRows } from './events';
import { grantOffer, webhookPrivilege } from './privileges/registry';
import { missingLicense, optionsFor, parseQuoteOptions } from './return-options';
import { eligibilityOf, refusalError } from './return-eligibility';
import { SERVER_RETURN_KINDS } from './return-kinds/registry';

export interface ReturnOutcome {
  receipt: Receipt;
  /** True when this return id had already been processed: the same receipt, again. */
  replay: boolean;
  /** Webhook deliveries this return queued (the worker is woken only when there are some). */
  queued?: number;
}

/**
 * The license row is gone (or never was the caller's): a repeat of the same return id answers
 * its receipt; another return id for an already returned license is a 409 carrying the receipt.
 */
async function resolveExisting(
  db: Db,
  caller: Caller,
  request: ReturnRequest,
  afterConflict = false,
): Promise<ReturnOutcome> {
  const byLicense = await findReturnByLicense(db, request.licenseId);
  if (byLicense && byLicense.user_id === caller.userId && byLicense.id === request.returnId) {
    return { receipt: JSON.parse(byLicense.receipt_json) as Receipt, replay: true };
  }
  if (!byLicense && (await findReturnById(db, request.returnId))) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This return id was already used for another license',
    );
  }
  // A constraint refused a write although no return explains it (say, the upgrade target was
  // bought at the same moment): nothing was written, and trying again will resolve it.
  if (afterConflict && !byLicense) throw new AppError('CONFLICT', 'A concurrent change; try again');
  return missingLicense(db, caller, request.licenseId);
}

/** Step 2's option check: the policy must offer the kind now; a valid quote locks its points. */
async function chooseOption(
  tx: Db,
  caller: Caller,
  request: ReturnRequest,
  license: LicenseForReturn,
  now: number,
) {
  let quoted: QuoteOption | undefined;
  if (request.quoteId) {
    // Read with the locked license (lockLicenseForReturn): the caller's quote of that id.
    const { q_license_id: quotedLicense, q_expires_at: expiresAt, q_options_json: json } = license;
    if (quotedLicense === null || expiresAt === null || json === null) {
      throw new AppError('NOT_FOUND', 'No such quote');
    }
    if (quotedLicense !== request.licenseId) {
      throw new AppError('VALIDATION_FAILED', 'The quote is for another license', {
        issues: [{ path: 'quoteId', message: 'the quote is for another license' }],
      });
    }
    if (Date.parse(expiresAt) <= now) throw new AppError('QUOTE_EXPIRED');
    quoted = parseQuoteOptions(json).find((o) => o.kind === request.kind);
    if (!quoted) throw new AppError('OPTION_NOT_OFFERED', 'The quote does not offer this option');
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
  return { current: current.privilege, quoted: quoted?.privilege, target };
}

/** POST /returns: docs/design.md §3.2 "The return, step by step", in one transaction. */
export async function createReturn(
  ctx: ServerContext,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome> {
  const { userId } = caller;
  // The return is recorded against the device that signed this session in: a client cannot
  // name another device of the account.
  if (request.deviceId !== caller.deviceId) {
    throw new AppError('FORBIDDEN', 'deviceId is not the device this session signed in on');
  }
  try {
    const outcome = await ctx.database.transaction(async (tx, finish): Promise<ReturnOutcome> => {
      // 1. Lock the license row (and its owner's, so balance and event sequence are stable).
      const license = await lockLicenseForReturn(tx, userId, request.licenseId, {
        lock: true,
        quoteId: request.quoteId,
      });
      if (!license) return resolveExisting(tx, caller, request);
      // 2. Check option, quote, window, limit.
      const now = ctx.clock();
      const at = iso(now);
      // The quote's own check (return-eligibility.ts): the user's row is locked (PostgreSQL) or
      // the database is (SQLite), so the limit's count is exact here.
      const { refusal } = await eligibilityOf(tx, userId, license, now);
      if (refusal?.code === 'NOT_RETURNABLE') throw refusalError(refusal);
      const { current, quoted, target } = await chooseOption(tx, caller, request, license, now);
      if (refusal) throw refusalError(refusal);

      // 3. Delete the license; 4. grant the privilege; 5. events and the webhook outbox —
      // all computed here from the locked rows, then written together.
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
      if (balance > MAX_BALANCE) throw new AppError('BALANCE_LIMIT_REACHED');
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
      const queued = await writeReturn(
        tx,
        ctx.engine,
        {
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
        },
        finish,
      );
      return { receipt, replay: false, queued };
    });
    if (!outcome.replay) {
      ctx.metrics.countReturn(outcome.receipt.kind, outcome.receipt.privilege.type);
      if (outcome.queued) ctx.notifyOutbox();
    }
    return outcome;
  } catch (error) {
    // Last line of defence: the unique return id / license id refused a racing duplicate.
    if (isUniqueViolation(error)) return resolveExisting(ctx.db, caller, request, true);
    throw error;
  }
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

const DEFAULT_RECEIPTS_PAGE = 50;

/** GET /returns: the caller's receipts, newest first, a page at a time. */
export async function receiptsOf(
  ctx: ServerContext,
  caller: Caller,
  query: ReturnsQuery,
): Promise<ReturnsResponse> {
  const limit = query.limit ?? DEFAULT_RECEIPTS_PAGE;
  const after = query.cursor ? decodeCursor(query.cursor, timeIdCursorSchema) : undefined;
  const rows = await listReceipts(
    ctx.db,
    caller.userId,
    after && { returnedAt: after[0], id: after[1] },
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    returns: page.map((row) => JSON.parse(row.receipt_json) as Receipt),
    nextCursor: rows.length > limit && last ? encodeCursor([last.returned_at, last.id]) : null,
  };
}
