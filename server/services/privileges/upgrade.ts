import { randomUUID } from 'node:crypto';
import type { LicenseView } from '../../../shared/api/licenses';
import { AppError } from '../../../shared/errors';
import type { LicenseRow } from '../../db/licenses';
import { toCatalogItem } from '../views';
import type { GrantInputs, ServerPrivilege } from './server-privilege';

/**
 * Upgrade: a new license for the newest version, inheriting the purchase and its window. Always
 * to the newest version the user does not hold yet, checked now, not at quote time.
 */
export const upgrade: ServerPrivilege<'upgrade'> = {
  honour: (current) => current,
  credits: () => 0,
  grant: (_offer, inputs) => {
    const newLicense = upgradeLicense(inputs);
    return { privilege: { type: 'upgrade', license: newLicense.view }, points: 0, newLicense };
  },
  events: (granted) => [{ type: 'license.issued', license: granted.privilege.license }],
  webhook: (grant) => ({
    type: 'upgrade',
    licenseId: grant.license.licenseId,
    contentId: grant.license.content.contentId,
    version: grant.license.content.version,
  }),
};

function upgradeLicense({ ctx, userId, license: from, target, returnId, at }: GrantInputs): {
  row: LicenseRow;
  view: LicenseView;
} {
  // The upgrade offer was made from this target, found in the same transaction.
  if (!target) throw new AppError('CONFLICT', 'A concurrent change; try again');
  const licenseId = randomUUID();
  const signed = ctx.signer.sign({
    licenseId,
    userId,
    contentId: target.id,
    productId: target.product_id,
    version: target.version,
    purchaseId: from.l_purchase_id,
    issuedAt: at,
  });
  return {
    row: {
      id: licenseId,
      user_id: userId,
      content_id: target.id,
      product_id: target.product_id,
      purchase_id: from.l_purchase_id,
      issued_at: at,
      return_deadline: from.l_return_deadline,
      upgraded_from_return_id: returnId,
      signed_json: JSON.stringify(signed),
    },
    view: {
      licenseId,
      purchaseId: from.l_purchase_id,
      issuedAt: at,
      returnDeadline: from.l_return_deadline,
      upgradedFromReturnId: returnId,
      signed,
      content: toCatalogItem(target),
    },
  };
}
