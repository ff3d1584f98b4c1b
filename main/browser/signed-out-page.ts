import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { BASE_HEADERS } from './http-replies';

export type SignedOutReason = 'no-session' | 'link-used';

/**
 * True for a browser's page load (typing the address, reopening the browser, reloading a tab)
 * rather than a script's call: those get a page a person can read, calls keep problem+json.
 */
export function wantsPage(headers: IncomingHttpHeaders): boolean {
  if (headers['sec-fetch-mode'] !== undefined) return headers['sec-fetch-mode'] === 'navigate';
  return (headers.accept ?? '').includes('text/html');
}

const HEADINGS: Record<SignedOutReason, string> = {
  'no-session': 'This browser is not signed in to Shelfkeeper',
  'link-used': 'This sign-in link was already used',
};

const WHY: Record<SignedOutReason, string> = {
  'no-session':
    'Shelfkeeper runs on this computer and lets in only a browser that opened the link it printed. ' +
    'This one has not, or Shelfkeeper was restarted since (each start makes old links and sign-ins invalid).',
  'link-used':
    'Each link Shelfkeeper prints signs in one browser, once, so that nobody else can reuse it.',
};

/**
 * The browser host's page for a browser without a session: what happened and how to get back
 * in, in words for the person at the screen (who may have started the app with `npm start` and
 * never seen the browser host's own command). No script, no outside resource: it is served
 * before any sign-in, so it must give nothing away and load nothing.
 */
export function sendSignedOutPage(res: ServerResponse, reason: SignedOutReason): void {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shelfkeeper: sign in again</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 34rem; padding: 2rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  ol { padding-left: 1.25rem; }
  kbd { font: inherit; font-weight: 600; border: 1px solid GrayText; border-radius: 4px; padding: 0 0.3em; }
</style>
</head>
<body>
<main>
<h1>${HEADINGS[reason]}</h1>
<p>${WHY[reason]}</p>
<p>To get back in:</p>
<ol>
<li>Go to the terminal window where you started Shelfkeeper.</li>
<li>Press <kbd>Enter</kbd> there: it prints a new link.</li>
<li>Open that link in this browser. Your library and your returns are kept; only this browser's sign-in was lost.</li>
</ol>
<p>If Shelfkeeper is no longer running, start it again; it prints a link as it starts.</p>
</main>
</body>
</html>
`;
  res.writeHead(401, {
    ...BASE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}
