import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coverOf, epubCover, mayHaveCover } from '../../../../main/core/library/covers';
import { buildEpub } from '../../../../server/seed/files/epub';
import { buildPdf } from '../../../../server/seed/files/pdf';
import { encodePng } from '../../../../server/seed/files/png';
import { jpegDeclaring, pngDeclaring, webpDeclaring } from '../../../fixtures/images';

const png = encodePng(4, 6, (x, y) => [x * 40, y * 30, 200]);
const jpeg = jpegDeclaring(30, 40);

describe('covers taken from contents', () => {
  it('finds the EPUB 3 cover image the package document names', () => {
    const epub = buildEpub({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000009',
      title: 'A Book',
      creator: 'A. Writer',
      language: 'en',
      cover: png,
      chapters: [{ title: 'One', paragraphs: ['Text.'] }],
    });
    expect(coverOf('application/epub+zip', epub)).toEqual({
      mime: 'image/png',
      bytes: new Uint8Array(png),
    });
  });

  it('follows an EPUB 2 <meta name="cover"> to its item, relative to the package', () => {
    const zip = zipSync({
      mimetype: strToU8('application/epub+zip'),
      'META-INF/container.xml': strToU8(
        `<container><rootfiles><rootfile full-path='OEBPS/content.opf'/></rootfiles></container>`,
      ),
      'OEBPS/content.opf': strToU8(
        `<package><metadata><meta name="cover" content="pic"/></metadata><manifest>
           <item id="pic" href="images/front%20cover.jpg" media-type="image/jpeg"/>
         </manifest></package>`,
      ),
      'OEBPS/images/front cover.jpg': new Uint8Array(jpeg),
    });
    expect(epubCover(zip)).toEqual({ mime: 'image/jpeg', bytes: new Uint8Array(jpeg) });
  });

  it('keeps no cover whose header declares more than 4096 pixels on a side, or no size', () => {
    const huge = pngDeclaring(100_000, 100_000);
    expect(coverOf('image/png', huge)).toBeNull();
    expect(coverOf('image/png', pngDeclaring(4096, 4096))?.mime).toBe('image/png');
    expect(coverOf('image/webp', webpDeclaring('extended', 5000, 10))).toBeNull();
    expect(coverOf('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    const epub = buildEpub({
      id: 'urn:uuid:00000000-0000-4000-8000-00000000000a',
      title: 'A Book',
      creator: 'A. Writer',
      language: 'en',
      cover: huge,
      chapters: [{ title: 'One', paragraphs: ['Text.'] }],
    });
    expect(coverOf('application/epub+zip', epub)).toBeNull();
  });

  it('types a cover by its bytes, not by what the file or package claims', () => {
    // An image content sent as PNG that is a JPEG is shown as the JPEG it is.
    expect(coverOf('image/png', jpeg)).toEqual({ mime: 'image/jpeg', bytes: jpeg });
    expect(
      coverOf('image/png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBeNull();
  });

  it('keeps no cover for an EPUB without one, an image it cannot show, audio or a PDF', () => {
    const bare = zipSync({
      'META-INF/container.xml': strToU8('<rootfile full-path="book.opf"/>'),
      'book.opf': strToU8(
        '<manifest><item id="t" href="t.xhtml" media-type="application/xhtml+xml"/></manifest>',
      ),
    });
    expect(epubCover(bare)).toBeNull();
    expect(coverOf('image/tiff', new Uint8Array(10))).toBeNull();
    expect(coverOf('audio/wav', new Uint8Array(10))).toBeNull();
    expect(coverOf('application/pdf', buildPdf('T', [['page']]))).toBeNull();
    expect(coverOf('image/png', png)).toEqual({ mime: 'image/png', bytes: png });
    expect(mayHaveCover('image/png', 1_000)).toBe(true);
    expect(mayHaveCover('application/epub+zip', 200 * 1024 * 1024)).toBe(false);
  });
});
