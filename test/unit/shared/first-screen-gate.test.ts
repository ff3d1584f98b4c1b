import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FIRST_SCREEN_GATE_HASH,
  FIRST_SCREEN_GATE_SCRIPT,
} from '../../../shared/first-screen-gate';
import { RENDERER_CSP } from '../../../shared/renderer-csp';

/** Runs the gate as the page would, on a page with this URL hash and storage; true: hidden. */
function hides(hash: string, filters: string | null | Error): boolean {
  const attributes = new Map<string, string>();
  const page = {
    document: { documentElement: { setAttribute: (n: string, v: string) => attributes.set(n, v) } },
    location: { hash },
    localStorage: {
      getItem: (key: string) => {
        if (filters instanceof Error) throw filters;
        return key === 'shelfkeeper.library.filters' ? filters : null;
      },
    },
  };
  new Function('document', 'location', 'localStorage', FIRST_SCREEN_GATE_SCRIPT)(
    page.document,
    page.location,
    page.localStorage,
  );
  return attributes.get('data-first-screen') === 'stale';
}

describe("the first screen's gate (the one inline script)", () => {
  it('is allowed by the CSP by its hash, and nothing else inline is', () => {
    const hash = createHash('sha256').update(FIRST_SCREEN_GATE_SCRIPT).digest('base64');
    expect(FIRST_SCREEN_GATE_HASH).toBe(`'sha256-${hash}'`);
    const scriptSrc = RENDERER_CSP.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe(`script-src 'self' ${FIRST_SCREEN_GATE_HASH}`);
  });

  it("keeps the markup on the library's route with no filters kept", () => {
    for (const hash of ['', '#', '#/', '#/library', '#/library/'])
      expect(hides(hash, null), hash).toBe(false);
    expect(hides('', '{}')).toBe(false);
    expect(hides('', '{"kind":"","state":"","tag":""}')).toBe(false);
  });

  it('hides it on any other route, with a filter kept, or when the storage cannot be read', () => {
    for (const hash of ['#/wallet', '#/item/abc', '#/settings', '#/libraryx', '#/store'])
      expect(hides(hash, null), hash).toBe(true);
    expect(hides('', '{"kind":"audio"}')).toBe(true);
    expect(hides('', '{"state":"downloaded"}')).toBe(true);
    expect(hides('', '{"tag":"poetry"}')).toBe(true);
    expect(hides('', 'not json')).toBe(true);
    expect(hides('', new Error('storage is off'))).toBe(true);
  });
});
