import type { CatalogItem } from '../../../shared/api/catalog';
import { formatPoints } from '../lib/format';

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
  if (policy.buybackRatePct !== null) {
    lines.push(
      `Sell back for ${policy.buybackRatePct}% of the price as points (${worth(policy.buybackRatePct)}).`,
    );
  }
  if (policy.collection?.type === 'upgrade') {
    lines.push(
      item.latestVersion > item.version
        ? `Or trade in for the newest version (version ${item.latestVersion}), free.`
        : `Or trade in for the next version when one is published (until then ${worth(policy.collection.fallbackPointsRatePct)}).`,
    );
  } else if (policy.collection?.type === 'points') {
    lines.push(
      `Or trade in for ${policy.collection.ratePct}% as points (${worth(policy.collection.ratePct)}).`,
    );
  }
  if (policy.limitPer30Days !== null)
    lines.push(`Up to ${policy.limitPer30Days} returns per 30 days.`);
  return (
    <ul className="terms" aria-label="Return terms">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
