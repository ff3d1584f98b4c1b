import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { KeySet, LicenseKeySet } from '../../shared/license-document';
import { canonicalJson } from '../../shared/license-document';
import { rawPublicKey, readEd25519KeyFile } from '../../server/services/ed25519-key-file';
import { signerFromKeyFile } from '../../server/services/license-signer';

/**
 * The root key's chores (docs/design.md §7.4), for `scripts/license-root.ts` and the tests: make
 * a root, name its public key for build/license-roots.json, and sign a key set with it on a
 * machine other than the license servers.
 */

/** Writes a new Ed25519 root private key (PKCS#8 PEM, 0600; never over an existing file). */
export function createRootKey(file: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  return rawPublicKey(privateKey);
}

/** The root's public key, as build/license-roots.json and SHELF_LICENSE_ROOT name it. */
export function rootPublicKey(rootFile: string): string {
  return rawPublicKey(readEd25519KeyFile(rootFile, 'the root key file', 'the root key is Ed25519'));
}

export interface SigningKeyFile {
  /** The signing key's PEM file (as SHELF_SIGNING_KEY_FILE). */
  file: string;
  /** As SHELF_SIGNING_KEY_ID; default derived from the public key, as the server does. */
  keyId?: string | undefined;
}

/**
 * The key set a server given SHELF_LICENSE_KEY_SET_FILE serves: these signing keys (the first
 * is the current one, the others stay published so their licenses keep verifying), signed by
 * the root.
 */
export function signKeySet(rootFile: string, keys: SigningKeyFile[]): LicenseKeySet {
  const root = readEd25519KeyFile(rootFile, 'the root key file', 'the root key is Ed25519');
  const publicKeys = keys.map((key) => signerFromKeyFile(key).publicKey);
  const current = publicKeys[0];
  if (!current) throw new Error('Name at least one signing key: the current one first.');
  const keySet: KeySet = { v: 1, currentKeyId: current.keyId, keys: publicKeys };
  return {
    keySet,
    rootSignature: sign(null, Buffer.from(canonicalJson(keySet)), root).toString('base64url'),
  };
}
