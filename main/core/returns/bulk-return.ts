import { randomUUID } from 'node:crypto';
import type { ReturnKind, ReturnQuote, ReturnRefusal } from '../../../shared/api/returns';
import { AppError, isAppError } from '../../../shared/errors';
import type {
  BulkConfirm,
  BulkConfirmInput,
  BulkConfirmItem,
  BulkQuote,
  BulkQuoteInput,
  BulkQuoteItem,
} from '../../../shared/ipc/bulk-return';
import { errorFromProblem, isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import { sessionToken } from '../session';
import type { OutboxRow } from '../store/outbox';
import type { ReturnFlow } from './return-flow';
import { localEligibility } from './local-eligibility';
import { heldLicense } from './return-options';
import { tallyOffer } from './privilege-effects';

type Totals = BulkQuote['totals'];

const errorOf = (error: AppError) => ({ code: error.code, message: error.message });

/** A refusal known on this device, as the error the server would answer. */
const refusalOf = (refusal: ReturnRefusal) =>
  new AppError(refusal.code, undefined, { data: { freesAt: refusal.freesAt } });

/** The held, active license of a content, or the typed reason it cannot be returned. */
function returnable(ctx: CoreContext, contentId: string) {
  try {
    const held = heldLicense(ctx, contentId);
    if (held.license.state !== 'active') throw new AppError('LICENSE_LOCKED');
    return held;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
}

/** The quotes of many licenses, one request; null when the server cannot be asked now. */
async function quotesOf(
  ctx: CoreContext,
  licenseIds: string[],
): Promise<Map<string, ReturnQuote | AppError> | null> {
  if (licenseIds.length === 0 || !ctx.isOnline()) return null;
  try {
    const { quotes } = await ctx.api.call('returnQuoteBatch', { body: { licenseIds } });
    const byLicense = new Map<string, ReturnQuote | AppError>();
    for (const q of quotes) {
      byLicense.set(
        q.licenseId,
        q.outcome === 'quoted' ? q.quote : errorFromProblem(q.problem, q.status),
      );
    }
    return byLicense;
  } catch (error) {
    if (isTransient(error)) return null;
    throw error;
  }
}

/**
 * `returns.bulkQuote`: one combined offer for many contents (docs/design.md §5.6). Online, one
 * request quotes them all (each quote price-locked and cached on its license like a single
 * quote); offline, each item says which kinds a confirmation may still queue.
 */
export async function bulkQuote(ctx: CoreContext, input: BulkQuoteInput): Promise<BulkQuote> {
  const held = input.contentIds.map((contentId) => ({
    contentId,
    held: returnable(ctx, contentId),
  }));
  const licenseIds = held.flatMap((h) => (isAppError(h.held) ? [] : [h.held.license.licenseId]));
  const quotes = await quotesOf(ctx, [...new Set(licenseIds)]);
  if (quotes) {
    ctx.store.transaction(() => {
      for (const [licenseId, quote] of quotes) {
        if (!isAppError(quote)) ctx.store.licenses.setLastQuote(licenseId, JSON.stringify(quote));
      }
    });
  }
  const totals: Totals = { returnable: 0, refused: 0, points: 0, upgrades: 0 };
  // Offline, the items before count against the user's limit like the returns already queued.
  let queuedHere = 0;
  const items = held.map(({ contentId, held: h }): BulkQuoteItem => {
    const refused = (error: AppError, title = ''): BulkQuoteItem => {
      totals.refused += 1;
      const base = { contentId, title, quote: null, choice: null, offlineKinds: [] };
      return { ...base, error: errorOf(error) };
    };
    if (isAppError(h)) return refused(h);
    const title = h.content.title;
    const quote = quotes?.get(h.license.licenseId);
    if (quote === undefined) {
      // Offline: no price, only whether a confirmation may queue the wanted kind (§5.1).
      const local = localEligibility(ctx, h.license, h.content);
      if (local.refusal) return refused(refusalOf(local.refusal), title);
      if (local.limit && local.limit.used + queuedHere >= local.limit.allowed) {
        return refused(refusalOf({ code: 'RETURN_LIMIT_REACHED', freesAt: null }), title);
      }
      const kinds = local.kinds;
      if (kinds.length === 0 || (input.kind && !kinds.includes(input.kind))) {
        return refused(new AppError('OPTION_NOT_OFFERED'), title);
      }
      queuedHere += 1;
      totals.returnable += 1;
      return { contentId, title, quote: null, choice: null, offlineKinds: kinds, error: null };
    }
    if (isAppError(quote)) return refused(quote, title);
    const choice = input.kind ? quote.options.find((o) => o.kind === input.kind) : quote.options[0];
    if (!choice) return refused(new AppError('OPTION_NOT_OFFERED'), title);
    totals.returnable += 1;
    tallyOffer(choice, totals);
    const kinds = [...new Set(quote.options.map((o) => o.kind))];
    return { contentId, title, quote, choice, offlineKinds: kinds, error: null };
  });
  return { items, totals, offline: quotes === null };
}

/**
 * `returns.bulkConfirm`: every acceptable item goes active → return_pending with its outbox row
 * in ONE local transaction (§5.1's "request" arrow for each), then, online, all of them leave as
 * one batch (ReturnFlow.sendBatch): each item is confirmed and deleted locally only by its own
 * receipt, refused items go back to active, and the rest stay queued for the sync engine.
 */
export async function bulkConfirm(
  ctx: CoreContext,
  flow: ReturnFlow,
  input: BulkConfirmInput,
): Promise<BulkConfirm> {
  const { store } = ctx;
  const online = ctx.isOnline();
  const seen = new Set<string>();
  const results: BulkConfirmItem[] = input.items.map((item) => ({
    contentId: item.contentId,
    returnId: null,
    status: 'refused',
    receipt: null,
    error: null,
  }));
  const rows: OutboxRow[] = [];
  const accepted = store.transaction(() =>
    input.items.flatMap((item, i) => {
      const result = results[i] as BulkConfirmItem;
      const refuse = (error: AppError) => {
        result.error = errorOf(error);
        return [];
      };
      if (seen.has(item.contentId)) return refuse(new AppError('LICENSE_LOCKED'));
      seen.add(item.contentId);
      const h = returnable(ctx, item.contentId);
      if (isAppError(h)) return refuse(h);
      if (!online) {
        // The rows queued by the items before are in this transaction: the limit counts them.
        const local = localEligibility(ctx, h.license, h.content);
        if (local.refusal) return refuse(refusalOf(local.refusal));
        if (!item.quoteId && !local.kinds.includes(item.kind)) {
          return refuse(new AppError('OPTION_NOT_OFFERED'));
        }
      }
      if (!store.licenses.markReturnPending(h.license.licenseId, item.kind)) {
        return refuse(new AppError('LICENSE_LOCKED'));
      }
      const row = queue(ctx, h.license.licenseId, item.contentId, item.kind, item.quoteId);
      result.returnId = row.returnId;
      result.status = 'queued';
      rows.push(row);
      return [i];
    }),
  );
  if (accepted.length === 0) return { items: results };
  ctx.events.emit('library.changed', { reason: 'return' });
  if (!online || !sessionToken(store.account.get(), ctx.settings.get().serverUrl)) {
    return { items: results };
  }
  const outcomes = await flow.sendBatch(rows);
  let retry = false;
  for (const i of accepted) {
    const result = results[i] as BulkConfirmItem;
    const outcome = outcomes.get(result.returnId ?? '');
    if (outcome?.outcome === 'confirmed') {
      result.status = 'confirmed';
      result.receipt = outcome.receipt;
    } else if (outcome?.outcome === 'failed') {
      result.status = 'refused';
      result.returnId = null;
      result.error = errorOf(outcome.error);
    } else {
      // Settled meanwhile by another path (a sync run's receipt), or left for the next run.
      const receipt = result.returnId ? store.receipts.get(result.returnId) : undefined;
      if (receipt) {
        result.status = 'confirmed';
        result.receipt = receipt;
      } else {
        retry = true;
      }
    }
  }
  if (retry) ctx.requestSync();
  return { items: results };
}

function queue(
  ctx: CoreContext,
  licenseId: string,
  contentId: string,
  kind: ReturnKind,
  quoteId: string | undefined,
): OutboxRow {
  const row = {
    returnId: randomUUID(),
    licenseId,
    contentId,
    kind,
    quoteId: quoteId ?? null,
    createdAt: ctx.now(),
  };
  ctx.store.outbox.enqueue(row);
  return { ...row, status: 'queued', attempts: 0, nextAttemptAt: null, lastError: null };
}
