import { strToU8, zipSync, type Zippable } from 'fflate';

export interface EpubChapter {
  title: string;
  paragraphs: string[];
}

export interface EpubBook {
  /** A stable identifier (dc:identifier), so the same book always builds the same bytes. */
  id: string;
  title: string;
  creator: string;
  language: string;
  /** A PNG cover image. */
  cover: Uint8Array;
  chapters: EpubChapter[];
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c,
  );

const chapterFile = (i: number) => `chapter-${String(i + 1).padStart(2, '0')}.xhtml`;

const xhtml = (title: string, body: string, extraNs = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"${extraNs} xml:lang="en" lang="en">
<head><title>${escapeXml(title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>
${body}
</body>
</html>
`;

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;

const STYLE = `body { margin: 0 5%; line-height: 1.5; }
h1 { font-size: 1.6em; margin: 1.5em 0 1em; }
p { margin: 0; text-indent: 1.5em; text-align: justify; }
h1 + p { text-indent: 0; }
.cover { text-align: center; margin: 0; }
.cover img { max-width: 100%; }
`;

function opf(book: EpubBook): string {
  const chapters = book.chapters.map((_, i) => ({ id: `c${i + 1}`, href: chapterFile(i) }));
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${book.language}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">${escapeXml(book.id)}</dc:identifier>
    <dc:title>${escapeXml(book.title)}</dc:title>
    <dc:creator>${escapeXml(book.creator)}</dc:creator>
    <dc:language>${book.language}</dc:language>
    <meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>
    <meta name="cover" content="cover-image"/>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="style" href="style.css" media-type="text/css"/>
    <item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>
    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
${chapters.map((c) => `    <item id="${c.id}" href="${c.href}" media-type="application/xhtml+xml"/>`).join('\n')}
  </manifest>
  <spine toc="ncx">
    <itemref idref="cover" linear="yes"/>
${chapters.map((c) => `    <itemref idref="${c.id}"/>`).join('\n')}
  </spine>
  <guide><reference type="cover" title="Cover" href="cover.xhtml"/></guide>
</package>
`;
}

function nav(book: EpubBook): string {
  const items = book.chapters
    .map((c, i) => `      <li><a href="${chapterFile(i)}">${escapeXml(c.title)}</a></li>`)
    .join('\n');
  return xhtml(
    book.title,
    `<nav epub:type="toc" id="toc"><h1>Contents</h1>
    <ol>
${items}
    </ol>
  </nav>`,
    ' xmlns:epub="http://www.idpf.org/2007/ops"',
  );
}

/** The EPUB 2 table of contents, so EPUB 2 reading systems see the same chapters. */
function ncx(book: EpubBook): string {
  const points = book.chapters
    .map(
      (c, i) => `    <navPoint id="p${i + 1}" playOrder="${i + 1}">
      <navLabel><text>${escapeXml(c.title)}</text></navLabel><content src="${chapterFile(i)}"/>
    </navPoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="${escapeXml(book.id)}"/><meta name="dtb:depth" content="1"/></head>
  <docTitle><text>${escapeXml(book.title)}</text></docTitle>
  <navMap>
${points}
  </navMap>
</ncx>
`;
}

/**
 * A reflowable EPUB 3 (with the EPUB 2 NCX as well): cover, nav document, one XHTML file per
 * chapter. OCF requires `mimetype` to be the first entry, stored uncompressed; fflate writes
 * entries in key order, with no extra fields.
 */
export function buildEpub(book: EpubBook): Buffer {
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(CONTAINER),
    'OEBPS/content.opf': strToU8(opf(book)),
    'OEBPS/nav.xhtml': strToU8(nav(book)),
    'OEBPS/toc.ncx': strToU8(ncx(book)),
    'OEBPS/style.css': strToU8(STYLE),
    'OEBPS/cover.png': [book.cover, { level: 0 }],
    'OEBPS/cover.xhtml': strToU8(
      xhtml(
        book.title,
        `<section class="cover" epub:type="cover"><img src="cover.png" alt="${escapeXml(book.title)}, by ${escapeXml(book.creator)}"/></section>`,
        ' xmlns:epub="http://www.idpf.org/2007/ops"',
      ),
    ),
  };
  book.chapters.forEach((chapter, i) => {
    const body = [`<h1>${escapeXml(chapter.title)}</h1>`]
      .concat(chapter.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`))
      .join('\n');
    files[`OEBPS/${chapterFile(i)}`] = strToU8(xhtml(chapter.title, `<section>${body}</section>`));
  });
  // A fixed mtime keeps the bytes (and so the content's sha256) the same on every seed.
  return Buffer.from(zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }));
}
