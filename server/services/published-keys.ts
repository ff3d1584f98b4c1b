import type { LicenseKeySet } from '../../shared/license-document';
import { ConfigError } from '../config/config-error';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { listPublishedKeys, publishKey } from '../db/published-keys';
import type { LicenseSigner } from './license-signer';

/**
 * Rotation: each start publishes its signing key next to the earlier ones, which stay published
 * so licenses they signed keep verifying. Retiring a key (one that leaked) is deleting its row.
 */
export async function publishSigningKey(db: Db, signer: LicenseSigner): Promise<void> {
  const published = await publishKey(db, signer.publicKey);
  if (published.publicKey !== signer.publicKey.publicKey) {
    throw new ConfigError(
      `The signing key id "${signer.keyId}" is already published with another public key; give the new key its own SHELF_SIGNING_KEY_ID.`,
    );
  }
}

/** The published keys, signed by the root (or the pre-signed set, served as given). */
export async function licenseKeySet(ctx: ServerContext): Promise<LicenseKeySet> {
  const keys = await listPublishedKeys(ctx.db);
  // The current key first, so a client that reads only one takes the one new licenses use.
  const ordered = [ctx.signer.publicKey, ...keys.filter((key) => key.keyId !== ctx.signer.keyId)];
  return ctx.keySetSigner.signedSet({ v: 1, currentKeyId: ctx.signer.keyId, keys: ordered });
}
