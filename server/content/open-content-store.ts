import { join } from 'node:path';
import { ConfigError } from '../config/config-error';
import type { ContentStoreSetting } from '../config/content-store-setting';
import type { ContentStore } from './content-store';
import { FileContentStore } from './file-content-store';

/**
 * The configured content store. The S3 client is loaded only when configured, so a server on
 * its data folder does not carry the AWS SDK in memory.
 */
export async function openContentStore(
  setting: ContentStoreSetting,
  dataDir: string,
): Promise<ContentStore> {
  if (setting.kind === 'folder') return new FileContentStore(join(dataDir, 'contents'));
  const { S3ContentStore } = await import('./s3-content-store');
  const store = new S3ContentStore(setting);
  try {
    await store.verify();
  } catch (error) {
    store.close();
    const where = setting.endpoint ?? `AWS ${setting.region}`;
    throw new ConfigError(
      `The object storage bucket "${setting.bucket}" (SHELF_CONTENT_STORE) cannot be reached at ${where}: ${(error as Error).name}.`,
    );
  }
  return store;
}
