import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../main/electron/navigation-guard';
import { isAppUrl } from '../../../main/electron/app-origin';

describe('isSafeExternalUrl', () => {
  it.each(['https://example.com', 'https://docs.example.org/a/b?c=d#e'])(
    'lets %s open in the system browser',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'shelf://app/index.html',
    'smb://server/share',
    'https://user:pass@example.com',
    'https://localhost/',
    'https://a.localhost/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://intranet/',
    `https://example.com/${'a'.repeat(3000)}`,
    'not a url',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts only the shelf://app origin', () => {
    expect(isAppUrl('shelf://app/index.html')).toBe(true);
    expect(isAppUrl('shelf://app/')).toBe(true);
    expect(isAppUrl('shelf://other/x')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});
