import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './api/common';

/** An Ed25519 public key as raw 32 bytes, base64url without padding (a pinned root's form). */
export const rawPublicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'expected a base64url 32-byte key');

const signatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'expected a base64url Ed25519 signature');

/**
 * The license document the server signs. Its canonical form (keys sorted, no whitespace, UTF-8)
 * is what the Ed25519 signature covers, so any edit to any field breaks the signature.
 */
export const licenseDocumentSchema = z.strictObject({
  v: z.literal(1),
  licenseId: idSchema,
  userId: idSchema,
  contentId: idSchema,
  productId: idSchema,
  version: z.number().int().min(1),
  purchaseId: idSchema,
  issuedAt: isoDateTimeSchema,
  /** The server key that signed it, so a rotated key can still be told apart. */
  keyId: z.string().min(1).max(64),
});
export type LicenseDocument = z.infer<typeof licenseDocumentSchema>;

export const signedLicenseSchema = z.object({
  document: licenseDocumentSchema,
  /** Ed25519 signature over canonicalLicense(document), base64url without padding. */
  signature: signatureSchema,
});
export type SignedLicense = z.infer<typeof signedLicenseSchema>;

export const licenseKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string().min(1).max(64),
  /** The raw 32-byte public key, base64url without padding. */
  publicKey: rawPublicKeySchema,
});
export type LicenseKey = z.infer<typeof licenseKeySchema>;

/** The signed key set's body: what the pinned root's signature covers (canonicalJson). */
export const keySetSchema = z.strictObject({
  v: z.literal(1),
  /** The key new licenses are signed with. */
  currentKeyId: z.string().min(1).max(64),
  keys: z.array(licenseKeySchema).min(1).max(64),
});
export type KeySet = z.infer<typeof keySetSchema>;

/**
 * Every public key the server has signed with and still publishes (a license keeps verifying
 * after the signing key rotates), signed by a root key the app ships with (docs/design.md §7.4):
 * the app trusts a signing key only through this signature, so a key written into its store or
 * served by anyone without the root's private key opens nothing.
 */
export const licenseKeySetSchema = z.object({
  keySet: keySetSchema,
  /** Ed25519 signature by the root key over canonicalJson(keySet), base64url without padding. */
  rootSignature: signatureSchema,
});
export type LicenseKeySet = z.infer<typeof licenseKeySetSchema>;

/** Deterministic JSON: object keys sorted at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function canonicalLicenseBytes(document: LicenseDocument): Uint8Array {
  return new TextEncoder().encode(canonicalJson(document));
}

export function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * Verifies a signed license against the server's public key with WebCrypto (present in Node and
 * Chromium alike, so `shared/` needs no `node:crypto`). Returns false on any malformed input.
 */
export async function verifyLicenseSignature(
  signed: SignedLicense,
  key: LicenseKey,
  subtle: typeof globalThis.crypto.subtle = globalThis.crypto.subtle,
): Promise<boolean> {
  const document = licenseDocumentSchema.safeParse(signed.document);
  if (!document.success || document.data.keyId !== key.keyId) return false;
  return verifyEd25519(
    key.publicKey,
    signed.signature,
    canonicalLicenseBytes(document.data),
    subtle,
  );
}

/**
 * Whether one of the pinned `roots` signed this key set: the only way a signing key becomes
 * trusted. Several roots let a new root ship in an app update before the server switches to it.
 */
export async function verifyKeySetSignature(
  signed: LicenseKeySet,
  roots: readonly string[],
  subtle: typeof globalThis.crypto.subtle = globalThis.crypto.subtle,
): Promise<boolean> {
  const keySet = keySetSchema.safeParse(signed.keySet);
  if (!keySet.success) return false;
  const bytes = new TextEncoder().encode(canonicalJson(keySet.data));
  for (const root of roots) {
    if (await verifyEd25519(root, signed.rootSignature, bytes, subtle)) return true;
  }
  return false;
}

/** Ed25519 over `bytes`; false (never a throw) for a malformed key or signature. */
export async function verifyEd25519(
  publicKey: string,
  signature: string,
  bytes: Uint8Array,
  subtle: typeof globalThis.crypto.subtle = globalThis.crypto.subtle,
): Promise<boolean> {
  try {
    const key = await subtle.importKey(
      'raw',
      toArrayBuffer(base64UrlToBytes(publicKey)),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return await subtle.verify(
      { name: 'Ed25519' },
      key,
      toArrayBuffer(base64UrlToBytes(signature)),
      toArrayBuffer(bytes),
    );
  } catch {
    return false;
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
