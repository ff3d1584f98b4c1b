import type { PrivilegeOffer, QuoteOption, Receipt, ReturnKind } from '../../../shared/api/returns';
import { formatMoney, formatPoints } from './format';

/** The option as a verb phrase: "Sell back for 700 points", "Trade in for version 3". */
export function optionLabel(option: QuoteOption): string {
  const verb = option.kind === 'buyback' ? 'Sell back' : 'Trade in';
  return `${verb} for ${offerText(option.privilege)}`;
}

export function offerText(offer: PrivilegeOffer): string {
  return offer.type === 'points' ? formatPoints(offer.points) : `version ${offer.version}`;
}

/** What choosing the option means, in one sentence. */
export function explainOption(option: QuoteOption, version: number): string {
  const offer = option.privilege;
  if (offer.type === 'upgrade') {
    return `Your license for version ${version} ends, and you get version ${offer.version} free, ready to download.`;
  }
  const worth = `worth ${formatMoney(offer.points)} in the store`;
  return option.kind === 'buyback'
    ? `Your license ends and ${formatPoints(offer.points)} (${worth}) go to your wallet.`
    : `Traded in: your license ends and ${formatPoints(offer.points)} (${worth}) go to your wallet.`;
}

export function explainOfflineKind(kind: ReturnKind): string {
  return kind === 'buyback'
    ? 'Points for the price you paid, at the rate of the content’s policy.'
    : 'The newest version of this content, or points where there is none.';
}

/** Offline, without a quote, only the kind is known. */
export function kindLabelOffline(kind: ReturnKind): string {
  return kind === 'buyback' ? 'Sell back for points' : 'Trade in (collection)';
}

export function kindName(kind: ReturnKind): string {
  return kind === 'buyback' ? 'Buyback' : 'Trade-in';
}

/** What the user got, in words: the heart of the confirmation. */
export function receiptHeadline(receipt: Receipt): string {
  return receipt.privilege.type === 'points'
    ? `You received ${formatPoints(receipt.privilege.points)}.`
    : `You now have version ${receipt.privilege.license.content.version} of “${receipt.privilege.license.content.title}”.`;
}

export function receiptPrivilegeShort(receipt: Receipt): string {
  return receipt.privilege.type === 'points'
    ? `+${formatPoints(receipt.privilege.points)}`
    : `Upgraded to version ${receipt.privilege.license.content.version}`;
}

/**
 * Contents whose return the dialog is showing the outcome of, so the global notice does not
 * repeat it when the `return.confirmed` event arrives (often before the request answers).
 */
export const returnsShownInDialog = new Set<string>();
