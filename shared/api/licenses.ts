import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common';
import { catalogItemSchema } from './catalog';
import { signedLicenseSchema } from '../license-document';

/** A license as the server lists it: the signed document plus what the app shows beside it. */
export const licenseViewSchema = z.object({
  licenseId: idSchema,
  purchaseId: idSchema,
  issuedAt: isoDateTimeSchema,
  /** End of the return window inherited from the original purchase; null = no deadline. */
  returnDeadline: isoDateTimeSchema.nullable(),
  /** Set when this license was granted as an upgrade privilege of a return. */
  upgradedFromReturnId: idSchema.nullable(),
  signed: signedLicenseSchema,
  content: catalogItemSchema,
});
export type LicenseView = z.infer<typeof licenseViewSchema>;

export const licensesResponseSchema = z.object({ licenses: z.array(licenseViewSchema) });
export type LicensesResponse = z.infer<typeof licensesResponseSchema>;

export const licenseParamsSchema = z.object({ licenseId: idSchema });
