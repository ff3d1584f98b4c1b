import { describe, expect, it } from 'vitest';
import { markFirstRoute } from '../../../scripts/lib/vite-compile-hint';
import { COMPILE_HINT } from '../../../shared/compile-hint';

function chunk(
  fileName: string,
  imports: string[],
  options: { entry?: boolean; facade?: string } = {},
) {
  return {
    type: 'chunk' as const,
    fileName,
    imports,
    isEntry: options.entry ?? false,
    facadeModuleId: options.facade ?? null,
    code: `code of ${fileName}`,
  };
}

describe('the compile hint on the renderer build', () => {
  it('marks the entry, the app chunk and what they import statically, and no lazy screen', () => {
    const bundle = {
      'index.js': chunk('index.js', ['boot.js'], { entry: true, facade: '/r/src/main.tsx' }),
      'boot.js': chunk('boot.js', []),
      'app-main.js': chunk('app-main.js', ['index.js', 'modal.js'], {
        facade: '/r/src/app-main.tsx',
      }),
      'modal.js': chunk('modal.js', []),
      'viewer.js': chunk('viewer.js', ['modal.js'], { facade: '/r/src/screens/viewer.tsx' }),
      'pdf.js': chunk('pdf.js', []),
      'index.css': { type: 'asset' as const },
    };
    markFirstRoute(bundle, '/src/app-main.tsx');
    const hinted = Object.values(bundle)
      .flatMap((file) =>
        file.type === 'chunk' && file.code.startsWith(`${COMPILE_HINT}\n`) ? [file.fileName] : [],
      )
      .sort();
    expect(hinted).toEqual(['app-main.js', 'boot.js', 'index.js', 'modal.js']);
    expect(bundle['viewer.js'].code).toBe('code of viewer.js');
    // Once: a second pass (a watch rebuild reusing chunks) adds nothing.
    markFirstRoute(bundle, '/src/app-main.tsx');
    expect(bundle['app-main.js'].code).toBe(`${COMPILE_HINT}\ncode of app-main.js`);
  });

  it('fails a build without the app chunk rather than mark nothing', () => {
    expect(() =>
      markFirstRoute({ 'index.js': chunk('index.js', [], { entry: true }) }, '/src/app-main.tsx'),
    ).toThrow(/app chunk/);
  });
});
