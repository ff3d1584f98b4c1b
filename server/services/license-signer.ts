import { createHash, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LicenseDocument, LicenseKey, SignedLicense } from '../../shared/license-document';
import { canonicalLicenseBytes } from '../../shared/license-document';
import type { LeaseDocument, SignedLease } from '../../shared/offline-lease';
import { canonicalLeaseBytes } from '../../shared/offline-lease';
import { ConfigError } from '../config/config-error';
import { loadOrCreateEd25519Key, rawPublicKey, readEd25519KeyFile } from './ed25519-key-file';

export const LICENSE_KEY_FILE = 'license-signing-key.pem';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface LicenseSigner {
  keyId: string;
  publicKey: LicenseKey;
  sign(document: Omit<LicenseDocument, 'keyId' | 'v'>): SignedLicense;
  /** The offline lease (docs/design.md §7.4), signed with the same key as new licenses. */
  signLease(document: Omit<LeaseDocument, 'keyId' | 'v'>): SignedLease;
}

export interface SigningKeySetting {
  /** Ed25519 private key, PKCS#8 PEM (SHELF_SIGNING_KEY_FILE). */
  file: string;
  /** SHELF_SIGNING_KEY_ID; by default derived from the public key, so it is stable anyway. */
  keyId?: string | undefined;
}

/**
 * The configured signing key (every host of one deployment reads the same file), or, without
 * one, a key generated at first start into the data directory (mode 0600). Created with O_EXCL
 * so two processes starting on one data directory agree on one key.
 */
export function loadSigner(dataDir: string, setting?: SigningKeySetting): LicenseSigner {
  return setting ? signerFromKeyFile(setting) : loadOrCreateSigner(dataDir);
}

export function signerFromKeyFile(setting: SigningKeySetting): LicenseSigner {
  const key = readEd25519KeyFile(
    setting.file,
    'SHELF_SIGNING_KEY_FILE',
    'licenses are signed with Ed25519',
  );
  if (setting.keyId !== undefined && !KEY_ID.test(setting.keyId)) {
    throw new ConfigError(
      'SHELF_SIGNING_KEY_ID must be 1 to 64 letters, digits, dots, dashes or underscores.',
    );
  }
  return signerFromKey(key, setting.keyId);
}

export function loadOrCreateSigner(dataDir: string): LicenseSigner {
  return signerFromKey(loadOrCreateEd25519Key(dataDir, LICENSE_KEY_FILE));
}

function signerFromKey(privateKey: KeyObject, configuredKeyId?: string): LicenseSigner {
  const raw = rawPublicKey(privateKey);
  const keyId =
    configuredKeyId ??
    createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex').slice(0, 16);
  const publicKey: LicenseKey = { algorithm: 'Ed25519', keyId, publicKey: raw };
  return {
    keyId,
    publicKey,
    sign(fields) {
      const document: LicenseDocument = { v: 1, ...fields, keyId };
      const signature = sign(null, canonicalLicenseBytes(document), privateKey).toString(
        'base64url',
      );
      return { document, signature };
    },
    signLease(fields) {
      const document: LeaseDocument = { v: 1, ...fields, keyId };
      const signature = sign(null, canonicalLeaseBytes(document), privateKey).toString('base64url');
      return { document, signature };
    },
  };
}
