import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FirstScreenPrerender } from '../../shared/ipc/first-screen-prerender';
import {
  FIRST_SCREEN_PRERENDER_EXPORT,
  FIRST_SCREEN_PRERENDER_FILE,
} from '../../shared/ipc/first-screen-prerender';

/**
 * The renderer's first-screen prerender (shared/ipc/first-screen-prerender.ts), loaded from its
 * build folder (dist/prerender) the way the renderer's pages are served from theirs: the core
 * runs the renderer's components without depending on their sources. Null when that folder has
 * no build (a host started without it, a test's own renderer folder): index.html then carries
 * the seed alone, as before. Null too when the build cannot load, told to `onFailure`: it costs
 * the first paint its markup, nothing else.
 */
export async function loadFirstScreenPrerender(
  dir: string | undefined,
  onFailure: (error: unknown) => void,
): Promise<FirstScreenPrerender | null> {
  if (!dir) return null;
  const file = path.join(dir, FIRST_SCREEN_PRERENDER_FILE);
  if (!existsSync(file)) return null;
  try {
    const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const prerender = loaded[FIRST_SCREEN_PRERENDER_EXPORT];
    if (typeof prerender !== 'function')
      throw new Error(`${file} does not export ${FIRST_SCREEN_PRERENDER_EXPORT}`);
    return prerender as FirstScreenPrerender;
  } catch (error) {
    onFailure(error);
    return null;
  }
}
