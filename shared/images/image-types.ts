/**
 * The image types a cover may be and how each is told by its first bytes: one table for the
 * content covers, audio artwork and catalog covers of the app and the server's check at publish
 * (docs/design.md §12.4). A type a file or tag declares is only a claim; the bytes decide.
 */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const startsWith = (bytes: Uint8Array, at: number, ascii: string): boolean =>
  bytes.length >= at + ascii.length &&
  [...ascii].every((char, i) => bytes[at + i] === char.charCodeAt(0));

/** Each type's signature: the first bytes every file of that type begins with. */
const SIGNATURES: Record<ImageType, (bytes: Uint8Array) => boolean> = {
  'image/png': (b) => startsWith(b, 0, '\x89PNG\r\n\x1a\n'),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => startsWith(b, 0, 'GIF87a') || startsWith(b, 0, 'GIF89a'),
  'image/webp': (b) => startsWith(b, 0, 'RIFF') && startsWith(b, 8, 'WEBP'),
};

export const isImageType = (type: string): type is ImageType =>
  (IMAGE_TYPES as readonly string[]).includes(type);

/** Whether the bytes carry the signature of `type`. */
export const hasSignatureOf = (type: ImageType, bytes: Uint8Array): boolean =>
  SIGNATURES[type](bytes);

/** The image type the bytes are by their signature, or null for none of ours. */
export const imageTypeOf = (bytes: Uint8Array): ImageType | null =>
  IMAGE_TYPES.find((type) => SIGNATURES[type](bytes)) ?? null;
