import type { LicenseKey } from '../../shared/license-document';
import { licenseKeySchema } from '../../shared/license-document';
import type { Db } from './database';

/**
 * Published license keys live in `settings` as `license_key:<keyId>` → the public key as JSON:
 * one row per key ever used by any host of the deployment, shared through the database.
 */
const PREFIX = 'license_key:';

/** Publishes the key if its id is new; answers the key already published under that id. */
export async function publishKey(db: Db, key: LicenseKey): Promise<LicenseKey> {
  await db
    .insertInto('settings')
    .values({ key: PREFIX + key.keyId, value: JSON.stringify(key) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', PREFIX + key.keyId)
    .executeTakeFirstOrThrow();
  return licenseKeySchema.parse(JSON.parse(row.value));
}

/** Every published key, in key id order. */
export async function listPublishedKeys(db: Db): Promise<LicenseKey[]> {
  const rows = await db
    .selectFrom('settings')
    .select('value')
    .where('key', 'like', `${PREFIX}%`)
    .orderBy('key')
    .execute();
  return rows.map((row) => licenseKeySchema.parse(JSON.parse(row.value)));
}
