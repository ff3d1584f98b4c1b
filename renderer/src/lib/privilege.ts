import type { PrivilegeOffer, QuoteOption, Receipt, ReturnKind } from '../../../shared/api/returns';
import { privilegeView } from './privilege-views';
import { KIND_WORDING } from './return-kind-wording';

/** The option as a verb phrase: "Sell back for 700 points", "Trade in for version 3". */
export function optionLabel(option: QuoteOption): string {
  return `${KIND_WORDING[option.kind].verb} for ${offerText(option.privilege)}`;
}

export function offerText(offer: PrivilegeOffer): string {
  return privilegeView(offer.type).offerText(offer);
}

/** What choosing the option means, in one sentence. */
export function explainOption(option: QuoteOption, version: number): string {
  return privilegeView(option.privilege.type).explain(option.privilege, option.kind, version);
}

export function explainOfflineKind(kind: ReturnKind): string {
  return KIND_WORDING[kind].offlineExplain;
}

/** Offline, without a quote, only the kind is known. */
export function kindLabelOffline(kind: ReturnKind): string {
  return KIND_WORDING[kind].offlineLabel;
}

export function kindName(kind: ReturnKind): string {
  return KIND_WORDING[kind].name;
}

/** What the user got, in words: the heart of the confirmation. */
export function receiptHeadline(receipt: Receipt): string {
  return privilegeView(receipt.privilege.type).headline(receipt.privilege);
}

export function receiptPrivilegeShort(receipt: Receipt): string {
  return privilegeView(receipt.privilege.type).short(receipt.privilege);
}

/**
 * Contents whose return the dialog is showing the outcome of, so the global notice does not
 * repeat it when the `return.confirmed` event arrives (often before the request answers).
 */
export const returnsShownInDialog = new Set<string>();
