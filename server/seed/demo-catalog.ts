import { strToU8, zipSync } from 'fflate';
import type { ReturnPolicy } from '../../shared/api/catalog';
import type { ContentKind } from '../../shared/api/common';
import { quietShelfEpub, shortStoriesEpub, typesettingPdf } from './demo-books';
import { buildId3 } from './files/id3';
import { encodePng } from './files/png';
import { buildWav } from './files/wav';

export interface DemoVersion {
  description: string;
  priceCents: number;
  mime: string;
  file: () => Buffer;
}

export interface DemoProduct {
  key: string;
  title: string;
  creator: string;
  kind: ContentKind;
  policy: ReturnPolicy | null;
  versions: DemoVersion[];
}

const text = (body: string) => () => Buffer.from(body, 'utf8');

const gradient = (hue: [number, number, number], stripes: number) => () =>
  encodePng(48, 48, (x, y) => {
    const band = Math.floor((x / 48) * stripes) % 2;
    return [hue[0] + y * 2 - band * 30, hue[1] + x * 2, hue[2] + band * 40];
  });

/** Night Market Loops' chapters, two rounds of the loop each. */
export const NIGHT_MARKET_CHAPTERS = ['Lanterns', 'Noodle Stall', 'Paper Kites', 'Last Tram'];

/** Morning Chimes' artwork: three bells on a dawn sky. */
const chimesArtwork = () =>
  encodePng(48, 48, (x, y) => {
    // Large enough to show in the grid's wide cover crop (the middle rows).
    const bell = [10, 24, 38].some((cx) => (x - cx) ** 2 + (y - 24) ** 2 < 40);
    return bell ? [240, 200, 60] : [60 + y * 3, 80 + y * 2, 160 - y];
  });

const upgradePolicy = (
  buyback: number | null,
  fallback: number,
  windowDays: number | null = 30,
): ReturnPolicy => ({
  windowDays,
  buybackRatePct: buyback,
  tradeIn: { type: 'upgrade', fallbackPointsRatePct: fallback },
  limitPer30Days: 5,
});

/**
 * The demo catalog: 14 products of four kinds, several in 2–3 versions, with deliberately varied
 * return policies (buyback + upgrade, buyback only, trade-in as points, none, a 3-day window).
 */
export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    key: 'quiet-shelf',
    title: 'The Quiet Shelf',
    creator: 'Ada Lindqvist',
    kind: 'ebook',
    policy: upgradePolicy(70, 50),
    versions: [1, 2, 3].map((v) => ({
      description: `A short novel about a library that keeps itself (EPUB). Edition ${v}.`,
      priceCents: 999,
      mime: 'application/epub+zip',
      file: () => quietShelfEpub(v),
    })),
  },
  {
    key: 'field-notes',
    title: 'Field Notes on Light',
    creator: 'Jun Okafor',
    kind: 'ebook',
    policy: upgradePolicy(60, 40, 14),
    versions: [1, 2].map((v) => ({
      description: `Essays on photographing dawn, in Markdown. Version ${v}.`,
      priceCents: 1499,
      mime: 'text/markdown',
      file: text(
        `# Field Notes on Light\n\n_Version ${v}_\n\n## Before sunrise\n\n- Set up early.\n- **Wait.**\n\n> Light is patient; be patient with it.\n`,
      ),
    })),
  },
  {
    key: 'harbor-sketches',
    title: 'Harbor Sketches',
    creator: 'Mira Costa',
    kind: 'image',
    policy: { windowDays: 30, buybackRatePct: 50, tradeIn: null, limitPer30Days: null },
    versions: [1, 2].map((v) => ({
      description: `A small harbour study. Print ${v}.`,
      priceCents: 499,
      mime: 'image/png',
      file: gradient([20 + v * 30, 80, 160], 4 + v),
    })),
  },
  {
    key: 'night-market',
    title: 'Night Market Loops',
    creator: 'The Lantern Trio',
    kind: 'audio',
    policy: {
      windowDays: null,
      buybackRatePct: null,
      tradeIn: { type: 'points', ratePct: 80 },
      limitPer30Days: 10,
    },
    versions: [1, 2].map((v) => ({
      description: `Short melodic loops. Mix ${v}.`,
      priceCents: 799,
      mime: 'audio/wav',
      // Eight rounds of the loop at half a second a note (16–24 s), long enough to leave the
      // screen and come back while it plays; a chapter every two rounds, written as the WAV's
      // own cue points and labels.
      file: () => {
        const loop = v === 1 ? [440, 494, 523, 587] : [392, 440, 494, 523, 587, 659];
        const round = loop.length * 0.5;
        return buildWav(Array.from({ length: 8 }, () => loop).flat(), 0.5, 8000, {
          cues: NIGHT_MARKET_CHAPTERS.map((title, i) => ({ title, at: i * 2 * round })),
        });
      },
    })),
  },
  {
    key: 'typesetting',
    title: 'Pocket Typesetting Guide',
    creator: 'R. Baskerville',
    kind: 'ebook',
    policy: upgradePolicy(70, 30),
    versions: [
      {
        description: 'An eight-page PDF primer on type.',
        priceCents: 1299,
        mime: 'application/pdf',
        file: typesettingPdf,
      },
    ],
  },
  {
    key: 'tide-tables',
    title: 'Tide Tables 2026',
    creator: 'Harbour Office',
    kind: 'ebook',
    // A 3-day window: the demo user's purchase of it is older, so its return is refused.
    policy: { windowDays: 3, buybackRatePct: 100, tradeIn: null, limitPer30Days: null },
    versions: [
      {
        description: 'High and low water for the year.',
        priceCents: 299,
        mime: 'text/plain',
        file: text(
          'Tide Tables 2026\n\nJan 01  high 06:12  low 12:31\nJan 02  high 06:58  low 13:15\n',
        ),
      },
    ],
  },
  {
    key: 'ambient-rain',
    title: 'Ambient Rain',
    creator: 'Quiet Weather',
    kind: 'audio',
    policy: { windowDays: 30, buybackRatePct: 40, tradeIn: null, limitPer30Days: 5 },
    versions: [
      {
        description: 'A gentle two-tone chime.',
        priceCents: 599,
        mime: 'audio/wav',
        file: () => buildWav([330, 262], 0.5),
      },
    ],
  },
  {
    key: 'pixel-garden',
    title: 'Pixel Garden',
    creator: 'Studio Fern',
    kind: 'image',
    policy: upgradePolicy(50, 0),
    versions: [1, 2, 3].map((v) => ({
      description: `A growing pixel garden, season ${v}.`,
      priceCents: 350,
      mime: 'image/png',
      file: gradient([30, 100 + v * 40, 40], 2 * v),
    })),
  },
  {
    key: 'shelf-cli',
    title: 'Shelf CLI',
    creator: 'Shelfkeeper Labs',
    kind: 'software',
    policy: {
      windowDays: 30,
      buybackRatePct: 50,
      tradeIn: { type: 'points', ratePct: 60 },
      limitPer30Days: 2,
    },
    versions: [1, 2].map((v) => {
      const manifest = JSON.stringify(
        {
          name: 'shelf-cli',
          version: `${v}.0.0`,
          commands: ['list', 'open', v > 1 ? 'search' : 'help'],
        },
        null,
        2,
      );
      // Release 1 is a bare manifest; release 2 a zip package of several files (what "Save to a
      // folder…" unpacks).
      return v === 1
        ? {
            description: `A tiny command-line helper (release ${v}).`,
            priceCents: 1999,
            mime: 'application/json',
            file: text(manifest),
          }
        : {
            description: `A tiny command-line helper (release ${v}, a zip package).`,
            priceCents: 1999,
            mime: 'application/zip',
            file: () =>
              Buffer.from(
                zipSync(
                  {
                    'manifest.json': strToU8(manifest),
                    'bin/shelf-cli.js': strToU8(
                      "#!/usr/bin/env node\nconsole.log('shelf-cli: list, open, search');\n",
                    ),
                    'README.md': strToU8('# Shelf CLI\n\nRun `bin/shelf-cli.js list`.\n'),
                    // A fixed mtime: the same bytes (and sha256) on every seed.
                  },
                  { mtime: new Date('2026-01-01T00:00:00Z') },
                ),
              ),
          };
    }),
  },
  {
    key: 'recipes',
    title: 'Recipes in Markdown',
    creator: 'Tomás Ferreira',
    kind: 'ebook',
    policy: null, // Not returnable at all.
    versions: [
      {
        description: 'Ten weeknight recipes. Not returnable.',
        priceCents: 899,
        mime: 'text/markdown',
        file: text('# Recipes in Markdown\n\n1. Lemon pasta\n2. Bean stew\n3. Flatbread\n'),
      },
    ],
  },
  {
    key: 'mountain-palette',
    title: 'Mountain Palette',
    creator: 'Mira Costa',
    kind: 'image',
    policy: {
      windowDays: 60,
      buybackRatePct: null,
      tradeIn: { type: 'points', ratePct: 70 },
      limitPer30Days: 5,
    },
    versions: [
      {
        description: 'Five colours from the ridge.',
        priceCents: 650,
        mime: 'image/png',
        file: gradient([140, 90, 60], 5),
      },
    ],
  },
  {
    key: 'morning-chimes',
    title: 'Morning Chimes',
    creator: 'The Lantern Trio',
    kind: 'audio',
    policy: upgradePolicy(65, 40),
    versions: [1, 2].map((v) => ({
      description: `Three bells for a slow start. Take ${v}.`,
      priceCents: 450,
      mime: 'audio/wav',
      // An ID3 tag in the WAV's `id3 ` chunk: artwork (the item's cover once downloaded) and a
      // chapter per bell, as podcast tools write them.
      file: () => {
        const bells = v === 1 ? [523, 659, 784] : [523, 659, 784, 1046];
        return buildWav(bells, 0.25, 8000, {
          id3: buildId3({
            title: 'Morning Chimes',
            chapters: bells.map((hz, i) => ({
              title: `Bell ${i + 1} (${hz} Hz)`,
              startMs: i * 250,
              endMs: (i + 1) * 250,
            })),
            picture: { mime: 'image/png', bytes: chimesArtwork() },
          }),
        });
      },
    })),
  },
  {
    key: 'short-stories',
    title: 'Short Stories Vol. 1',
    creator: 'Ada Lindqvist',
    kind: 'ebook',
    policy: { windowDays: 30, buybackRatePct: 75, tradeIn: null, limitPer30Days: 5 },
    versions: [
      {
        description: 'Six very short stories (EPUB).',
        priceCents: 699,
        mime: 'application/epub+zip',
        file: shortStoriesEpub,
      },
    ],
  },
  {
    key: 'lighthouse-poster',
    title: 'Lighthouse Poster',
    creator: 'Studio Fern',
    kind: 'image',
    policy: {
      windowDays: 30,
      buybackRatePct: 50,
      tradeIn: { type: 'points', ratePct: 60 },
      limitPer30Days: 5,
    },
    versions: [
      {
        description: 'A poster-sized lighthouse (tiny here).',
        priceCents: 1200,
        mime: 'image/png',
        file: gradient([200, 60, 40], 3),
      },
    ],
  },
];
