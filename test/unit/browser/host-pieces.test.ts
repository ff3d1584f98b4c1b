import { describe, expect, it } from 'vitest';
import { HostSession } from '../../../main/browser/host-session';
import { injectBridgeScript } from '../../../main/browser/static-renderer';
import { resolveRendererFile } from '../../../main/core/renderer-files';

describe('HostSession', () => {
  it('redeems each login token once', () => {
    const session = new HostSession(1234);
    const token = session.mintLoginToken();
    expect(session.redeem(token)).toBe(true);
    expect(session.redeem(token)).toBe(false);
    expect(session.redeem('made-up')).toBe(false);
  });

  it('accepts the secret as a bearer token or as its own cookie, nothing else', () => {
    const session = new HostSession(1234);
    const [pair] = session.setCookieHeader().split(';');
    expect(session.isAuthorized({ authorization: `Bearer ${session.secret}` })).toBe(true);
    expect(session.isAuthorized({ cookie: `other=1; ${pair}` })).toBe(true);
    expect(session.isAuthorized({ cookie: pair!.replace('1234', '9999') })).toBe(false);
    expect(session.isAuthorized({ authorization: 'Bearer x', cookie: pair })).toBe(false);
    expect(session.isAuthorized({})).toBe(false);
    expect(session.setCookieHeader()).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
  });

  it('makes a different secret every run', () => {
    expect(new HostSession(1).secret).not.toBe(new HostSession(1).secret);
  });
});

describe('serving the renderer', () => {
  it('puts the bridge script first in <head>, deferred (it runs before the modules after it)', () => {
    expect(
      injectBridgeScript(
        '<html><head lang="x"><script type="module" src="./a.js"></script></head></html>',
      ),
    ).toBe(
      '<html><head lang="x">\n    <script defer src="/bridge/browser-bridge.js"></script><script type="module" src="./a.js"></script></head></html>',
    );
  });

  it('maps routes to index.html and refuses paths leaving the folder', () => {
    expect(resolveRendererFile('/r', '/')).toBe('/r/index.html');
    expect(resolveRendererFile('/r', '/library/grid')).toBe('/r/index.html');
    expect(resolveRendererFile('/r', '/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveRendererFile('/r', '/../etc/passwd.txt')).toBeNull();
    expect(resolveRendererFile('/r', '/%2e%2e/etc/passwd.txt')).toBeNull();
    expect(resolveRendererFile('/r', '/%E0%A4%A.js')).toBeNull();
  });
});
