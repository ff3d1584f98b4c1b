import { createInterface } from 'node:readline';

/**
 * Each line typed at the terminal (Enter) prints a new one-time sign-in link for the browser
 * host: a browser that lost its session (another browser, cleared cookies, a used link) gets
 * back in without restarting the app. The link goes to stdout only, for the person at this
 * terminal, never to the log. Does nothing when stdin is not readable (a service, CI).
 */
export function printNewLinkOnEnter(loginUrl: () => string): () => void {
  if (process.stdin.destroyed || !process.stdin.readable) return () => {};
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', () => {
    process.stdout.write(`\n  Open: ${loginUrl()}\n  (a new link, good once)\n\n`);
  });
  return () => lines.close();
}
