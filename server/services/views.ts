import type { CatalogItem, ReturnPolicy } from '../../shared/api/catalog';
import type { ContentKind } from '../../shared/api/common';
import type { LicenseView } from '../../shared/api/licenses';
import type { SignedLicense } from '../../shared/license-document';
import { policyTerms } from '../../shared/returns/policy-terms';
import type { CatalogRow } from '../db/contents';
import type { LicenseWithContent } from '../db/licenses';
import { termsFromColumns } from './return-kinds/registry';
import type { TermsColumns } from './return-kinds/return-kind';

/** Rows → contract bodies. The only place that knows both shapes. */
export function toPolicy(
  row: Pick<CatalogRow, 'policy_product_id' | 'window_days' | 'limit_per_30_days'> & TermsColumns,
): ReturnPolicy | null {
  if (row.policy_product_id === null) return null;
  return {
    windowDays: row.window_days,
    ...policyTerms((kind) => termsFromColumns(kind, row)),
    limitPer30Days: row.limit_per_30_days,
  };
}

export function toCatalogItem(row: CatalogRow): CatalogItem {
  return {
    contentId: row.id,
    productId: row.product_id,
    version: row.version,
    latestVersion: row.latest_version,
    title: row.title,
    creator: row.creator,
    kind: row.kind as ContentKind,
    description: row.description,
    priceCents: row.price_cents,
    file: { sha256: row.sha256, size: row.size, mime: row.mime },
    publishedAt: row.published_at,
    returnPolicy: toPolicy(row),
  };
}

export function toLicenseView(row: LicenseWithContent): LicenseView {
  return {
    licenseId: row.l_id,
    purchaseId: row.l_purchase_id,
    issuedAt: row.l_issued_at,
    returnDeadline: row.l_return_deadline,
    upgradedFromReturnId: row.l_upgraded_from_return_id,
    signed: JSON.parse(row.l_signed_json) as SignedLicense,
    content: toCatalogItem(row),
  };
}
