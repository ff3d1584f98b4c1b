import type { FirstScreenSeed } from './first-screen-seed';

/**
 * The first screen's markup, made from its seed by the renderer's own components (renderer
 * src/first-screen-prerender.tsx, built for Node into dist/prerender/) and written into
 * index.html by whoever serves it, with the seed: the page paints the library before its scripts
 * have run, and the app's first render then takes the page over (docs/design.md §7.5).
 */
export interface PrerenderedScreen {
  /** The markup of the app's root element, as the app's first render lays it out. */
  root: string;
  /** `data-theme` on <html>, as the app sets it once running; null: the system's. */
  theme: 'light' | 'dark' | null;
}

/** Null when the seed cannot make the screen the page would show. */
export type FirstScreenPrerender = (seed: FirstScreenSeed) => PrerenderedScreen | null;

/** The prerender module's file name in its build folder, and the function it exports. */
export const FIRST_SCREEN_PRERENDER_FILE = 'first-screen-prerender.js';
export const FIRST_SCREEN_PRERENDER_EXPORT = 'prerenderFirstScreen';
