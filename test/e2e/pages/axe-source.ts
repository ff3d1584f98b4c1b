import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** axe-core's browser script, as a test driver puts it into a page or a frame. */
export const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
