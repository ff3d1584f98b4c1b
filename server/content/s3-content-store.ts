import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { ContentStore } from './content-store';
import { contentKey } from './content-store';

export interface S3ContentStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing slash ('' for the root). */
  prefix: string;
  /** An S3-compatible endpoint (MinIO, R2, s3rver…); AWS itself when omitted. */
  endpoint?: string | undefined;
  region: string;
  /** Explicit credentials; otherwise the AWS SDK's default chain (environment, profile, role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * Content files as objects `<prefix>/ab/abcdef…` in one bucket, shared by every server process:
 * a file published through one host downloads from all of them.
 */
export class S3ContentStore implements ContentStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3ContentStoreOptions) {
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ? `${options.prefix}/` : '';
    this.#client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      // S3-compatible servers rarely have wildcard DNS for bucket subdomains.
      forcePathStyle: options.endpoint !== undefined,
      credentials: options.credentials,
    });
  }

  /**
   * Reaches the bucket once at start. A HEAD on a missing object and on a missing bucket both
   * answer a bare 404, so a wrong bucket must be caught here, not read as "file missing" later.
   */
  async verify(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }

  #key(sha256: string): string {
    return this.#prefix + contentKey(sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // A PUT is atomic in S3: readers see the old object or the whole new one, never a part.
    if ((await this.size(sha256)) !== bytes.byteLength) {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#key(sha256),
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
        }),
      );
    }
    return { sha256, size: bytes.byteLength };
  }

  async size(sha256: string): Promise<number | null> {
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(sha256) }),
      );
      return head.ContentLength ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async read(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const object = await this.#client.send(
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key(sha256),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    const body = object.Body;
    if (body instanceof Readable) return body;
    throw new Error('object storage answered without a readable body');
  }

  close(): void {
    this.#client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' ||
      error.name === 'NoSuchKey' ||
      error.$metadata.httpStatusCode === 404)
  );
}
