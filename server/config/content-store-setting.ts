import { ConfigError } from './config-error';

export type ContentStoreSetting =
  | { kind: 'folder' }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      endpoint: string | undefined;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

type Env = Record<string, string | undefined>;

/**
 * SHELF_CONTENT_STORE: unset (or `folder`) for the data folder, `s3://bucket/prefix` for
 * S3-compatible object storage with SHELF_S3_ENDPOINT (omit for AWS), SHELF_S3_REGION and
 * SHELF_S3_ACCESS_KEY_ID / SHELF_S3_SECRET_ACCESS_KEY (omit both for the AWS SDK's own chain).
 */
export function readContentStoreSetting(env: Env): ContentStoreSetting {
  const value = env.SHELF_CONTENT_STORE?.trim();
  if (!value || value === 'folder') return { kind: 'folder' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 's3:' || !url.hostname) {
    throw new ConfigError(
      `SHELF_CONTENT_STORE must be "folder" or "s3://bucket/prefix", not "${value}".`,
    );
  }
  const accessKeyId = env.SHELF_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.SHELF_S3_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      'SHELF_S3_ACCESS_KEY_ID and SHELF_S3_SECRET_ACCESS_KEY must be set together.',
    );
  }
  return {
    kind: 's3',
    bucket: url.hostname,
    prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ''),
    endpoint: env.SHELF_S3_ENDPOINT || undefined,
    region: env.SHELF_S3_REGION || 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}
