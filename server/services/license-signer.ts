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

export const LICENSE_KEY_FILE = 'license-signing-key.pem';

export interface LicenseSigner {
  keyId: string;
  publicKey: LicenseKey;
  sign(document: Omit<LicenseDocument, 'keyId' | 'v'>): SignedLicense;
}

/**
 * The server's Ed25519 key, generated at first start into the data directory (mode 0600).
 * Created with O_EXCL so two processes starting on one data directory agree on one key.
 */
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

function signerFromKey(privateKey: KeyObject): LicenseSigner {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
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
