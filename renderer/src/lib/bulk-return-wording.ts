import type { BulkConfirm, BulkQuote } from '../../../shared/ipc/bulk-return';
import { formatCount, formatPoints } from './format';

const items = (n: number) => `${formatCount(n)} ${n === 1 ? 'item' : 'items'}`;
const upgrades = (n: number) => `${formatCount(n)} ${n === 1 ? 'upgrade' : 'upgrades'}`;

/**
 * The combined offer in one sentence, for the multi-select's confirmation:
 * "Return 12 items for 8,400 points and 2 upgrades. 3 items cannot be returned."
 */
export function bulkOfferSentence(offer: BulkQuote): string {
  const { returnable, refused, points, upgrades: up } = offer.totals;
  const notReturnable = refused > 0 ? ` ${items(refused)} cannot be returned.` : '';
  if (returnable === 0) return `None of these ${items(refused)} can be returned.`;
  if (offer.offline) {
    return `Return ${items(returnable)} when you are back online; the offer is confirmed then.${notReturnable}`;
  }
  const gains = [points > 0 ? formatPoints(points) : null, up > 0 ? upgrades(up) : null].filter(
    (part): part is string => part !== null,
  );
  const forWhat = gains.length > 0 ? ` for ${gains.join(' and ')}` : '';
  return `Return ${items(returnable)}${forWhat}.${notReturnable}`;
}

/** What a bulk confirmation did: "10 returned, 2 waiting for the server, 1 refused." */
export function bulkOutcomeSentence(result: BulkConfirm): string {
  const count = (status: BulkConfirm['items'][number]['status']) =>
    result.items.filter((item) => item.status === status).length;
  const parts = [
    [count('confirmed'), 'returned'],
    [count('queued'), 'waiting for the server'],
    [count('refused'), 'refused'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${formatCount(n)} ${what}`);
  return said.length > 0 ? `${said.join(', ')}.` : 'Nothing was returned.';
}
