import { buildEpub, type EpubChapter } from './files/epub';
import { buildPdf } from './files/pdf';
import { encodePng } from './files/png';
import { prose } from './files/prose';

/** A 300×450 cover: a vertical gradient in the book's hue with a pale band for the title area. */
export function coverImage(hue: [number, number, number]): Buffer {
  return encodePng(300, 450, (x, y) => {
    const band = y > 150 && y < 230;
    const fade = Math.floor((y / 450) * 90);
    if (band) return [235, 230, 215];
    const frame = x < 12 || x > 287 || y < 12 || y > 437;
    return frame ? [240, 236, 222] : [hue[0] + fade, hue[1] + fade / 2, hue[2]];
  });
}

const chapters = (seed: number, titles: string[], paragraphs: number): EpubChapter[] =>
  titles.map((title, i) => ({ title, paragraphs: prose(seed + i, paragraphs) }));

/** "The Quiet Shelf", edition `edition`: six chapters, a cover, nav and NCX tables of contents. */
export function quietShelfEpub(edition: number): Buffer {
  const titles = [
    'The Morning Count',
    'A Letter in the Returns Box',
    'The Ladder',
    'What the Porter Saw',
    'Rain on the Skylight',
    edition > 1 ? 'The Revised Ending' : 'Closing Time',
  ];
  return buildEpub({
    id: `urn:shelfkeeper:demo:quiet-shelf:${edition}`,
    title: 'The Quiet Shelf',
    creator: 'Ada Lindqvist',
    language: 'en',
    cover: coverImage([40, 70, 110]),
    chapters: chapters(100 * edition, titles, 14),
  });
}

/** "Short Stories Vol. 1": six short chapters. */
export function shortStoriesEpub(): Buffer {
  return buildEpub({
    id: 'urn:shelfkeeper:demo:short-stories:1',
    title: 'Short Stories Vol. 1',
    creator: 'Ada Lindqvist',
    language: 'en',
    cover: coverImage([120, 50, 60]),
    chapters: chapters(
      700,
      ['The Key', 'Tuesday', 'Salt', 'The Tram Stop', 'Paper Boats', 'After Hours'],
      6,
    ),
  });
}

/**
 * A benchmark book of about 1 MB: 30 chapters of text (~0.5 MB before compression) and a
 * 560×560 cover of noise, which no compressor shrinks, so the file is as big as a book with
 * illustrations and the first page shown has a large image to decode.
 */
export function benchmarkEpub(chapterCount = 30, paragraphsPerChapter = 40): Buffer {
  let seed = 1;
  const noise = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  };
  return buildEpub({
    id: `urn:shelfkeeper:bench:${chapterCount}x${paragraphsPerChapter}`,
    title: 'Benchmark Book',
    creator: 'Shelfkeeper',
    language: 'en',
    cover: encodePng(560, 560, () => [noise(), noise(), noise()]),
    chapters: chapters(
      9000,
      Array.from({ length: chapterCount }, (_, i) => `Chapter ${i + 1}`),
      paragraphsPerChapter,
    ),
  });
}

/** "Pocket Typesetting Guide": eight A5 pages, one topic each. */
export function typesettingPdf(): Buffer {
  const topics: [string, string[]][] = [
    ['Contents', ['1 Leading', '2 Kerning', '3 Measure', '4 Hierarchy', '5 Widows and orphans']],
    ['1 Leading', ['Leading is the space between lines.', 'Set it at 120-145% of the type size.']],
    ['2 Kerning', ['Kerning is the space between letters.', 'Kern pairs such as AV and To.']],
    ['3 Measure', ['Measure is the length of a line.', 'Aim for 45-75 characters.']],
    ['4 Hierarchy', ['Use size, weight and space to show order.', 'Change one thing at a time.']],
    ['5 Widows and orphans', ['A widow is a last line alone at a page top.', 'Rewrite or track.']],
    ['Glossary', ['Em: the type size.', 'En: half an em.', 'Point: 1/72 inch.']],
    ['Colophon', ['Set in Helvetica by the Shelfkeeper demo seed.']],
  ];
  return buildPdf(
    'Pocket Typesetting Guide',
    topics.map(([heading, lines]) => [heading, ...lines]),
  );
}
