import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LicenseDocument, LicenseKey, SignedLicense } from '../../shared/license-document';
import { canonicalLicenseBytes } from '../../shared/license-document';
import { ConfigError } from '../config/config-error';

export const LICENSE_KEY_FILE = 'license-signing-key.pem';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface LicenseSigner {
  keyId: string;
  publicKey: LicenseKey;
  sign(document: Omit<LicenseDocument, 'keyId' | 'v'>): SignedLicense;
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
  let pem: string;
  try {
    pem = readFileSync(setting.file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `SHELF_SIGNING_KEY_FILE cannot be read (${setting.file}): ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  const key = parsePrivateKey(pem, setting.file);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      `SHELF_SIGNING_KEY_FILE (${setting.file}) holds a ${key.asymmetricKeyType ?? 'unknown'} key; licenses are signed with Ed25519.`,
    );
  }
  if (setting.keyId !== undefined && !KEY_ID.test(setting.keyId)) {
    throw new ConfigError(
      'SHELF_SIGNING_KEY_ID must be 1 to 64 letters, digits, dots, dashes or underscores.',
    );
  }
  return signerFromKey(key, setting.keyId);
}

function parsePrivateKey(pem: string, file: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new ConfigError(
      `SHELF_SIGNING_KEY_FILE (${file}) is not a PEM private key; expected Ed25519 PKCS#8.`,
    );
  }
}

export function loadOrCreateSigner(dataDir: string): LicenseSigner {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LICENSE_KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(path, fresh, { mode: 0o600, flag: 'wx' });
      pem = fresh;
    } catch {
      pem = readFileSync(path, 'utf8');
    }
  }
  return signerFromKey(createPrivateKey(pem));
}

function signerFromKey(privateKey: KeyObject, configuredKeyId?: string): LicenseSigner {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  const keyId = configuredKeyId ?? createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const publicKey: LicenseKey = {
    algorithm: 'Ed25519',
    keyId,
    publicKey: raw.toString('base64url'),
  };
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
  };
}
