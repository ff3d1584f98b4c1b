import { describe, expect, it } from 'vitest';
import { coverSizeProblem, imageSize, MAX_COVER_SIDE } from '../../../../shared/images/image-size';
import { encodePng } from '../../../../server/seed/files/png';
import { drawCover } from '../../../../server/seed/cover-image';
import { gifDeclaring, jpegDeclaring, pngDeclaring, webpDeclaring } from '../../../fixtures/images';

describe('image sizes read from headers', () => {
  it('reads PNG, JPEG, GIF and the three WebP headers without decoding', () => {
    expect(
      imageSize(
        'image/png',
        encodePng(7, 3, () => [0, 0, 0]),
      ),
    ).toEqual({
      width: 7,
      height: 3,
    });
    expect(imageSize('image/png', drawCover('Any Title'))).toEqual({ width: 240, height: 360 });
    expect(imageSize('image/jpeg', jpegDeclaring(640, 480, 5000))).toEqual({
      width: 640,
      height: 480,
    });
    expect(imageSize('image/gif', gifDeclaring(300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageSize('image/webp', webpDeclaring('lossy', 1000, 16383))).toEqual({
      width: 1000,
      height: 16383,
    });
    expect(imageSize('image/webp', webpDeclaring('lossless', 16384, 1))).toEqual({
      width: 16384,
      height: 1,
    });
    expect(imageSize('image/webp', webpDeclaring('extended', 100_000, 3))).toEqual({
      width: 100_000,
      height: 3,
    });
  });

  it('reads no size from a header cut short or without a frame', () => {
    expect(imageSize('image/png', pngDeclaring(10, 10).subarray(0, 20))).toBeNull();
    expect(imageSize('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    // A scan before any frame header, and a segment length that runs past the end.
    expect(imageSize('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
    expect(imageSize('image/jpeg', jpegDeclaring(10, 10, 2000).subarray(0, 1000))).toBeNull();
    expect(imageSize('image/webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBeNull();
  });

  it('refuses a cover over the bound on either side, or whose size cannot be read', () => {
    const huge = pngDeclaring(100_000, 100_000);
    expect(huge.length).toBeLessThan(100);
    expect(coverSizeProblem('image/png', huge)).toEqual({
      kind: 'tooLarge',
      reason: `100000×100000 pixels is over ${MAX_COVER_SIDE} on a side`,
    });
    expect(coverSizeProblem('image/jpeg', jpegDeclaring(MAX_COVER_SIDE + 1, 10))?.kind).toBe(
      'tooLarge',
    );
    expect(coverSizeProblem('image/webp', webpDeclaring('lossless', 10, 5000))?.kind).toBe(
      'tooLarge',
    );
    expect(coverSizeProblem('image/gif', gifDeclaring(0, 10))?.kind).toBe('unreadable');
    expect(coverSizeProblem('image/png', pngDeclaring(MAX_COVER_SIDE, MAX_COVER_SIDE))).toBeNull();
    expect(coverSizeProblem('image/webp', webpDeclaring('extended', 240, 360))).toBeNull();
  });
});
