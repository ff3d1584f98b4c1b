import type {
  OfferBasis,
  PrivilegeOffer,
  QuoteOption,
  Receipt,
  ReturnKind,
} from '../../../shared/api/returns';
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

/** Why the option grants what it grants, from the quote's stated basis. */
const BASIS_WORDING: Record<OfferBasis, (ratePct: number | null) => string> = {
  buyback_rate: (pct) => `${pct ?? 0}% of what you paid.`,
  newest_version: () => '',
  policy_points: (pct) => `${pct ?? 0}% of what you paid: this item’s policy grants points only.`,
  no_newer_version: (pct) =>
    `${pct ?? 0}% of what you paid, as there is no newer version you do not already have.`,
};

export function optionBasis(option: QuoteOption): string {
  return BASIS_WORDING[option.basis](option.ratePct);
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
