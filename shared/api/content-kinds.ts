/**
 * The kinds of content the store sells. Without zod, so the renderer's first chunk can read a
 * `kind:` query without evaluating zod (bench/findings.md, first paint); common.ts builds
 * `contentKindSchema` from it.
 */
export const CONTENT_KINDS = ['ebook', 'audio', 'software', 'image', 'video'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Whether `value` names a content kind (what `contentKindSchema` accepts). */
export function isContentKind(value: string): value is ContentKind {
  return (CONTENT_KINDS as readonly string[]).includes(value);
}
