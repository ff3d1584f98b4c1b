export type ReaderTheme = 'light' | 'sepia' | 'dark';
export type ReaderFont = 'serif' | 'sans-serif';

export interface ReaderSettings {
  /** Percent of the book's own size. */
  fontSize: number;
  font: ReaderFont;
  lineHeight: number;
  theme: ReaderTheme;
  flow: 'paginated' | 'scrolled';
}

export const DEFAULT_READER_SETTINGS: ReaderSettings = {
  fontSize: 100,
  font: 'serif',
  lineHeight: 1.5,
  theme: 'light',
  flow: 'paginated',
};

export const READER_THEMES: Record<ReaderTheme, { bg: string; fg: string; link: string }> = {
  light: { bg: '#ffffff', fg: '#1b1b1b', link: '#0b57d0' },
  sepia: { bg: '#f4ecd8', fg: '#433422', link: '#7a4b12' },
  dark: { bg: '#1c1c1e', fg: '#e6e6e6', link: '#8ab4f8' },
};

/** The style sheet foliate injects into every section of the book (it wins over the book's). */
export function readerCss(settings: ReaderSettings): string {
  const theme = READER_THEMES[settings.theme];
  return `
    html { color-scheme: ${settings.theme === 'dark' ? 'dark' : 'light'}; }
    html, body { background: ${theme.bg} !important; color: ${theme.fg} !important; }
    body { font-size: ${settings.fontSize}% !important; font-family: ${settings.font} !important; }
    p, li, blockquote, dd { line-height: ${settings.lineHeight} !important; }
    a:link, a:visited { color: ${theme.link} !important; }
    pre { white-space: pre-wrap !important; }
  `;
}
