import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './api/common';
import {
  canonicalJson,
  signedLicenseSchema,
  verifyEd25519,
  type LicenseKey,
} from './license-document';

/**
 * The offline lease (docs/design.md §7.4): the server's signed statement that, as of `issuedAt`,
 * this user holds exactly `licenseIds`, and that their contents may open without the server
 * until `offlineUntil`. One lease covers every license of the user, so one request per sync
 * renews all of them, and a license returned elsewhere is missing from the next one.
 */
/** 128 bits or more of randomness, base64url. */
const LEASE_NONCE = /^[A-Za-z0-9_-]{22,64}$/;

export const leaseQuerySchema = z.object({ nonce: z.string().regex(LEASE_NONCE).optional() });
export type LeaseQuery = z.infer<typeof leaseQuerySchema>;

export const leaseDocumentSchema = z.strictObject({
  v: z.literal(1),
  userId: idSchema,
  issuedAt: isoDateTimeSchema,
  offlineUntil: isoDateTimeSchema,
  /** Sorted, so the canonical form (and the signature) does not depend on query order. */
  licenseIds: z.array(idSchema).max(1_000_000),
  /** The server signing key (from the root-signed key set) that signed it. */
  keyId: z.string().min(1).max(64),
  /**
   * The app's random nonce from the request, when it sent one: proof that `issuedAt` is the
   * server's time after the request left, not an older lease played back (docs/design.md §7.4).
   */
  nonce: z.string().regex(LEASE_NONCE).optional(),
});
export type LeaseDocument = z.infer<typeof leaseDocumentSchema>;

export const signedLeaseSchema = z.object({
  document: leaseDocumentSchema,
  signature: signedLicenseSchema.shape.signature,
});
export type SignedLease = z.infer<typeof signedLeaseSchema>;

export const leaseResponseSchema = z.object({ lease: signedLeaseSchema });
export type LeaseResponse = z.infer<typeof leaseResponseSchema>;

export function canonicalLeaseBytes(document: LeaseDocument): Uint8Array {
  return new TextEncoder().encode(canonicalJson(document));
}

/** The lease's signature under `key` (a key already trusted through the root). */
export async function verifyLeaseSignature(
  signed: SignedLease,
  key: LicenseKey,
  subtle: typeof globalThis.crypto.subtle = globalThis.crypto.subtle,
): Promise<boolean> {
  const document = leaseDocumentSchema.safeParse(signed.document);
  if (!document.success || document.data.keyId !== key.keyId) return false;
  return verifyEd25519(key.publicKey, signed.signature, canonicalLeaseBytes(document.data), subtle);
}
