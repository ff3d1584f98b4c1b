import type { Channel, ChannelInput, ChannelOutput } from './contract';

/**
 * The first screen's answers written into index.html by whoever serves it (the browser host, the
 * `shelf://` protocol in Electron), so the app's first render needs no bridge call: in a fresh
 * page those leave only once the bridge (its worker, its socket) is up, 400 ms and more after the
 * page's scripts have loaded on a slow machine (bench/findings.md, first paint, tenth pass). The
 * page still asks each of them as before and shows the answer when it differs (renderer
 * lib/boot.ts), so a seed is never more than one round trip stale (docs/design.md §7.5).
 *
 * Without zod: the renderer's first chunk reads it (a JSON data block, which the CSP does not
 * govern, since it is never run).
 */
export const FIRST_SCREEN_SEED_ID = 'shelf-first-screen';

/** One answer: the call it answers (channel and input) and what the contract's output schema parsed. */
export type SeededAnswer = {
  [C in Channel]: { channel: C; input: ChannelInput<C>; output: ChannelOutput<C> };
}[Channel];

export interface FirstScreenSeed {
  answers: SeededAnswer[];
}

/**
 * The key an answer is found by: a call with the same channel and the same input, whatever the
 * order of the input's fields (the contract's inputs are flat objects).
 */
export function seedKey(channel: string, input: Record<string, unknown>): string {
  const sorted = Object.keys(input)
    .sort()
    .map((name) => [name, input[name]]);
  return `${channel}|${JSON.stringify(sorted)}`;
}

/** Items the seed's library page holds: a whole page, whatever the window's size. */
export { LIBRARY_PAGE_SIZE as SEEDED_LIBRARY_ITEMS } from './library-page-size';
