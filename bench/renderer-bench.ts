import { rmSync } from 'node:fs';
import { dist } from '../scripts/lib/build-steps';
import type { Figure } from './lib/results';
import { measureRenderer, seedRendererLibrary } from './renderer';
import { measureCoveredTyping } from './renderer-covers';

/** The `renderer` benchmark: its library seeded once, measured bare and then with covers. */
export async function benchRenderer(options: {
  items: number;
  runs: number;
  /** Keystrokes typed into the search box, each measured. */
  keystrokes: number;
  /** Frames of steady scrolling per layout and run. */
  scrollFrames: number;
}): Promise<Figure[]> {
  const seeded = await seedRendererLibrary(options.items, options.keystrokes);
  try {
    const figures = await measureRenderer(seeded, options);
    const covered = await measureCoveredTyping(seeded, {
      runs: options.runs,
      items: options.items,
      builtDir: dist,
    });
    // Beside the keystroke's own figures, before the scrolls'.
    const after = figures.findIndex((f) => f.name.startsWith('search keystroke ÷'));
    figures.splice(after < 0 ? figures.length : after + 1, 0, covered);
    return figures;
  } finally {
    rmSync(seeded.dataDir, { recursive: true, force: true });
  }
}
