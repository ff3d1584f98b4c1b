import type { CatalogItem } from '../../../shared/api/catalog';
import { termsOf } from '../../../shared/returns/policy-term-fields';
import { RETURN_KINDS } from '../../../shared/returns/return-kind-list';
import { formatPoints } from '../lib/format';
import { limitText } from '../lib/return-refusal';
import { policyTermsLine } from '../lib/return-kind-wording';

/** The return terms of a catalog item, shown before buying so the user knows what a return gives. */
export function PolicyTerms({ item }: { item: CatalogItem }) {
  const policy = item.returnPolicy;
  if (!policy) return <p className="terms">No returns for this content.</p>;
  const worth = (pct: number) => formatPoints(Math.floor((item.priceCents * pct) / 100));
  const lines: string[] = [];
  lines.push(
    policy.windowDays === null
      ? 'Returnable at any time.'
      : `Returnable within ${policy.windowDays} ${policy.windowDays === 1 ? 'day' : 'days'} of purchase.`,
  );
  const context = { version: item.version, latestVersion: item.latestVersion, worth };
  for (const kind of RETURN_KINDS) {
    const terms = termsOf(policy, kind);
    if (terms !== null) lines.push(policyTermsLine(kind, terms, context));
  }
  if (policy.limitPer30Days !== null) lines.push(limitText(policy.limitPer30Days));
  return (
    <ul className="terms" aria-label="Return terms">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
