import { describe, expect, it } from 'vitest';
import { hasSignatureOf, imageTypeOf, isImageType } from '../../../../shared/images/image-types';
import { encodePng } from '../../../../server/seed/files/png';
import { gifDeclaring, jpegDeclaring, webpDeclaring } from '../../../fixtures/images';

describe('image types by their signatures', () => {
  it('tells each cover type by its first bytes, whatever is claimed', () => {
    expect(imageTypeOf(encodePng(2, 2, () => [1, 2, 3]))).toBe('image/png');
    expect(imageTypeOf(jpegDeclaring(10, 10))).toBe('image/jpeg');
    expect(imageTypeOf(gifDeclaring(10, 10))).toBe('image/gif');
    expect(imageTypeOf(webpDeclaring('lossy', 10, 10))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    // A WAV is RIFF too, but not WEBP; a cut signature is none.
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(imageTypeOf(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
    expect(imageTypeOf(new Uint8Array(0))).toBeNull();
  });

  it('checks bytes against a claimed type', () => {
    const png = encodePng(1, 1, () => [0, 0, 0]);
    expect(hasSignatureOf('image/png', png)).toBe(true);
    expect(hasSignatureOf('image/jpeg', png)).toBe(false);
    expect(isImageType('image/webp')).toBe(true);
    expect(isImageType('image/svg+xml')).toBe(false);
  });
});
