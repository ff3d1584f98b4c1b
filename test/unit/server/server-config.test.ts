import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../../server/config/server-config';

/** A complete production environment; each refusal below breaks one part of it. */
const PRODUCTION = {
  SHELF_ENV: 'production',
  SHELF_ADMIN_TOKEN: 'a'.repeat(32),
  SHELF_SIGNING_KEY_FILE: '/etc/shelfkeeper/key.pem',
  SHELF_LICENSE_KEY_SET_FILE: '/etc/shelfkeeper/key-set.json',
  SHELF_PAYMENT_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: 'sk_test_unused',
  STRIPE_WEBHOOK_SECRET: 'whsec_unused',
  SHELF_SMTP_URL: 'smtp://shelf:secret@mail.example.com:587',
  SHELF_PUBLIC_URL: 'https://shelf.example.com/',
};

describe('server configuration', () => {
  it('outside production: no demo unless SHELF_DEMO=1, the test provider, the data folder', () => {
    const config = readServerConfig({});
    expect(config).toMatchObject({
      production: false,
      seedDemo: false,
      payment: { provider: 'test' },
      signingKey: undefined,
      trustProxy: false,
      contentStore: { kind: 'folder' },
      mail: { kind: 'folder' },
      publicUrl: undefined,
      port: 8787,
    });
    expect(readServerConfig({ SHELF_DEMO: '1' }).seedDemo).toBe(true);
    // A number is a hop count (the nearest N proxies), `true` trusts every proxy.
    expect(readServerConfig({ SHELF_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readServerConfig({ SHELF_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readServerConfig({ SHELF_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
  });

  it('production with every setting given', () => {
    expect(readServerConfig(PRODUCTION)).toMatchObject({
      production: true,
      seedDemo: false,
      payment: { provider: 'stripe', secretKey: 'sk_test_unused', api: undefined },
      signingKey: { file: '/etc/shelfkeeper/key.pem', keyId: undefined },
      mail: { kind: 'smtp', url: 'smtp://shelf:secret@mail.example.com:587' },
      publicUrl: 'https://shelf.example.com',
      licenseRoot: { kind: 'signedKeySet', file: '/etc/shelfkeeper/key-set.json' },
      offlineLeaseDays: 30,
    });
    expect(
      readServerConfig({
        ...PRODUCTION,
        SHELF_LICENSE_KEY_SET_FILE: '',
        SHELF_LICENSE_ROOT_KEY_FILE: '/etc/shelfkeeper/root.pem',
        SHELF_OFFLINE_LEASE_DAYS: '7',
      }),
    ).toMatchObject({
      licenseRoot: { kind: 'rootKey', file: '/etc/shelfkeeper/root.pem' },
      offlineLeaseDays: 7,
    });
  });

  it.each([
    [{ SHELF_ADMIN_TOKEN: '' }, 'Production mode needs SHELF_ADMIN_TOKEN'],
    [{ SHELF_ADMIN_TOKEN: 'a'.repeat(31) }, 'a SHELF_ADMIN_TOKEN of at least 32 characters'],
    [{ SHELF_SIGNING_KEY_FILE: '' }, 'Production mode needs SHELF_SIGNING_KEY_FILE'],
    [{ SHELF_PAYMENT_PROVIDER: 'test' }, 'needs SHELF_PAYMENT_PROVIDER=stripe'],
    [{ SHELF_PAYMENT_PROVIDER: '' }, 'needs SHELF_PAYMENT_PROVIDER=stripe'],
    [{ STRIPE_SECRET_KEY: '' }, 'SHELF_PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY'],
    [{ STRIPE_WEBHOOK_SECRET: '' }, 'SHELF_PAYMENT_PROVIDER=stripe needs STRIPE_WEBHOOK_SECRET'],
    [{ SHELF_DEMO: '1' }, 'refuses SHELF_DEMO=1'],
    [{ SHELF_SMTP_URL: '' }, 'Production mode needs SHELF_SMTP_URL'],
    [{ SHELF_PUBLIC_URL: '' }, 'Production mode needs SHELF_PUBLIC_URL'],
    [
      { SHELF_LICENSE_KEY_SET_FILE: '' },
      'Production mode needs SHELF_LICENSE_KEY_SET_FILE (a key set signed with the root key the app ships with) or SHELF_LICENSE_ROOT_KEY_FILE',
    ],
  ])('production refuses %o with one sentence', (change, sentence) => {
    expect(() => readServerConfig({ ...PRODUCTION, ...change })).toThrow(sentence);
  });

  it('refuses settings that mean nothing, in any mode', () => {
    expect(() => readServerConfig({ SHELF_PAYMENT_PROVIDER: 'paypal' })).toThrow(
      'SHELF_PAYMENT_PROVIDER must be "stripe" or "test"',
    );
    expect(() => readServerConfig({ PORT: 'http' })).toThrow('PORT must be a number');
    expect(() => readServerConfig({ SHELF_SMTP_URL: 'mail.example.com' })).toThrow(
      'SHELF_SMTP_URL must be a URL',
    );
    expect(() => readServerConfig({ SHELF_SMTP_URL: 'http://mail.example.com' })).toThrow(
      'SHELF_SMTP_URL must start with smtp:// or smtps://',
    );
    expect(() => readServerConfig({ SHELF_PUBLIC_URL: 'shelf.example.com' })).toThrow(
      'SHELF_PUBLIC_URL must be a URL',
    );
    for (const days of ['0', '366', '1.5', 'month']) {
      expect(() => readServerConfig({ SHELF_OFFLINE_LEASE_DAYS: days })).toThrow(
        'SHELF_OFFLINE_LEASE_DAYS must be a whole number of days from 1 to 365',
      );
    }
    expect(() =>
      readServerConfig({
        SHELF_LICENSE_ROOT_KEY_FILE: '/a.pem',
        SHELF_LICENSE_KEY_SET_FILE: '/b.json',
      }),
    ).toThrow('Set SHELF_LICENSE_ROOT_KEY_FILE or SHELF_LICENSE_KEY_SET_FILE, not both');
    expect(() => readServerConfig({ ...PRODUCTION, STRIPE_API_BASE: 'ftp://stripe' })).toThrow(
      'STRIPE_API_BASE must be an http(s) URL',
    );
    expect(
      readServerConfig({ ...PRODUCTION, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).payment,
    ).toMatchObject({ api: { host: '127.0.0.1', port: 12111, protocol: 'http' } });
    expect(() => readServerConfig({ SHELF_CONTENT_STORE: 'ftp://x' })).toThrow(
      'SHELF_CONTENT_STORE must be "folder" or "s3://bucket/prefix"',
    );
    expect(() =>
      readServerConfig({ SHELF_CONTENT_STORE: 's3://b/p', SHELF_S3_ACCESS_KEY_ID: 'id' }),
    ).toThrow('must be set together');
  });

  it('reads an object store setting', () => {
    expect(
      readServerConfig({
        SHELF_CONTENT_STORE: 's3://shelf-contents/prod/eu/',
        SHELF_S3_ENDPOINT: 'http://127.0.0.1:9000',
      }).contentStore,
    ).toEqual({
      kind: 's3',
      bucket: 'shelf-contents',
      prefix: 'prod/eu',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      credentials: undefined,
    });
  });
});
