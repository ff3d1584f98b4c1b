import type { Plugin } from 'vite';
import { COMPILE_HINT } from '../../shared/compile-hint';

/** The chunks of an output bundle, by file name (Vite's `OutputBundle`, as far as this reads it). */
type Bundle = Record<
  string,
  | { type: 'asset' }
  | {
      type: 'chunk';
      fileName: string;
      isEntry: boolean;
      imports: string[];
      code: string;
      facadeModuleId: string | null;
    }
>;

/**
 * Puts V8's compile hint (shared/compile-hint.ts) on the renderer's first route: the entry, the
 * app chunk it imports at once (`appModule`) and the chunks both import statically. They run most
 * of their code before the first card (React DOM's first render, the library screen); the lazy
 * screens (the readers, pdf.js) go without. Run after Vite's own rewrites and the minifier, which
 * drops comments.
 */
export function compileHintFirstRoute(appModule = '/src/app-main.tsx'): Plugin {
  return {
    name: 'shelf-compile-hint-first-route',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        markFirstRoute(bundle as unknown as Bundle, appModule);
      },
    },
  };
}

export function markFirstRoute(bundle: Bundle, appModule: string): void {
  const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
  const app = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(appModule));
  if (!app) throw new Error(`the app chunk (${appModule}) is missing from the build`);
  const firstRoute = new Set([app.fileName, ...app.imports]);
  for (const chunk of chunks)
    if (chunk.isEntry) for (const file of [chunk.fileName, ...chunk.imports]) firstRoute.add(file);
  for (const chunk of chunks)
    if (firstRoute.has(chunk.fileName) && !chunk.code.startsWith(COMPILE_HINT))
      chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
}
