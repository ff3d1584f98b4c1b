import { readFile } from 'node:fs/promises';
import { mimeFor, resolveRendererFile } from '../core/renderer-files';

export async function readStatic(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; mime: string } | null> {
  const file = resolveRendererFile(root, urlPath);
  if (!file) return null;
  try {
    return { body: await readFile(file), mime: mimeFor(file) };
  } catch {
    return null;
  }
}
