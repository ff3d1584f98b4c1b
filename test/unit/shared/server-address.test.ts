import { describe, expect, it } from 'vitest';
import { ERROR_SENTENCES } from '../../../shared/errors';
import { settingsSchema } from '../../../shared/ipc/contract';
import {
  isLoopbackHost,
  serverAddressProblem,
  serverUrlSchema,
} from '../../../shared/server-address';

describe('the server address rule', () => {
  it.each([
    'https://shelf.example.com',
    'https://shelf.example.com:8443/base/',
    'https://10.0.0.5',
    'http://localhost:8787',
    'http://LOCALHOST',
    'http://127.0.0.1:8787',
    'http://127.1.2.3',
    'http://127.1',
    'http://[::1]:8787',
    'http://[0:0:0:0:0:0:0:1]/',
  ])('accepts %s', (url) => {
    expect(serverAddressProblem(url)).toBeNull();
  });

  it.each([
    'http://shelf.example.com',
    'http://10.0.0.5:8787',
    'http://192.168.1.2',
    'http://128.0.0.1',
    'http://[::2]',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'http://0.0.0.0:8787',
  ])('refuses clear text to %s', (url) => {
    expect(serverAddressProblem(url)).toBe('SERVER_ADDRESS_INSECURE');
  });

  it.each([
    '',
    'not a url',
    'ftp://shelf.example.com',
    'file:///etc/passwd',
    'https://user:pw@x.dev',
  ])('refuses %j as not an address', (url) => {
    expect(serverAddressProblem(url)).toBe('SERVER_ADDRESS_INVALID');
  });

  it('knows loopback hosts as URL writes them', () => {
    expect(isLoopbackHost(new URL('http://[::1]/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://127.000.000.001/').hostname)).toBe(true);
    expect(isLoopbackHost('::2')).toBe(false);
  });

  it('is what the settings contract checks, with the sentence the user reads', () => {
    const refused = settingsSchema.safeParse({
      serverUrl: 'http://shelf.example.com',
      theme: 'dark',
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(ERROR_SENTENCES.SERVER_ADDRESS_INSECURE);
    expect(serverUrlSchema.safeParse('http://127.0.0.1:8787').success).toBe(true);
    expect(settingsSchema.partial().safeParse({ serverUrl: 'https://a.example' }).success).toBe(
      true,
    );
  });
});
