import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeySet, LicenseKeySet } from '../../shared/license-document';
import { canonicalJson, licenseKeySetSchema } from '../../shared/license-document';
import { ConfigError } from '../config/config-error';
import { loadOrCreateEd25519Key, rawPublicKey, readEd25519KeyFile } from './ed25519-key-file';
import type { LicenseSigner } from './license-signer';

export const LICENSE_ROOT_KEY_FILE = 'license-root-key.pem';

/**
 * How the served key set gets its root signature (docs/design.md §7.4). Either this server holds
 * the root private key and signs the published keys itself, or the set was signed elsewhere
 * (the root key kept off the server) and is served exactly as given.
 */
export type LicenseRootSetting =
  { kind: 'rootKey'; file: string } | { kind: 'signedKeySet'; file: string };

export interface KeySetSigner {
  /** The root public key when this server signs (development, tests: the app is pointed at it). */
  rootPublicKey: string | null;
  /** The signed set to serve, built from the published keys unless it was given pre-signed. */
  signedSet(keySet: KeySet): LicenseKeySet;
}

/**
 * The configured root (a key file or a pre-signed key set) or, without one, a root key generated
 * into the data directory at first start — development only; production refuses to start without
 * one of the two settings (server/config/server-config.ts).
 */
export function loadKeySetSigner(
  dataDir: string,
  signer: LicenseSigner,
  setting?: LicenseRootSetting,
): KeySetSigner {
  if (setting?.kind === 'signedKeySet') return presignedKeySet(setting.file, signer);
  const rootKey = setting
    ? readEd25519KeyFile(setting.file, 'SHELF_LICENSE_ROOT_KEY_FILE', 'the root key is Ed25519')
    : loadOrCreateEd25519Key(dataDir, LICENSE_ROOT_KEY_FILE);
  return {
    rootPublicKey: rawPublicKey(rootKey),
    signedSet: (keySet) => ({
      keySet,
      rootSignature: sign(null, Buffer.from(canonicalJson(keySet)), rootKey).toString('base64url'),
    }),
  };
}

/**
 * A key set signed off the server: served as given. It must name this server's signing key as
 * current, with the same public key, or every license this host signs would fail in the app.
 */
function presignedKeySet(file: string, signer: LicenseSigner): KeySetSigner {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `SHELF_LICENSE_KEY_SET_FILE cannot be read (${file}): ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  let parsed: ReturnType<typeof licenseKeySetSchema.safeParse>;
  try {
    parsed = licenseKeySetSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = licenseKeySetSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    throw new ConfigError(
      `SHELF_LICENSE_KEY_SET_FILE (${file}) is not a signed key set (the JSON that GET /v1/license-keys answers, with its rootSignature).`,
    );
  }
  const set = parsed.data;
  const current = set.keySet.keys.find((key) => key.keyId === set.keySet.currentKeyId);
  if (
    set.keySet.currentKeyId !== signer.keyId ||
    current?.publicKey !== signer.publicKey.publicKey
  ) {
    throw new ConfigError(
      `SHELF_LICENSE_KEY_SET_FILE (${file}) does not name this server's signing key "${signer.keyId}" as its current key; sign a key set that does.`,
    );
  }
  return { rootPublicKey: null, signedSet: () => set };
}
