import type { ReaderFont, ReaderSettings, ReaderTheme } from '../lib/reader-style';

interface Props {
  settings: ReaderSettings;
  onChange: (settings: ReaderSettings) => void;
  onPrev: () => void;
  onNext: () => void;
  disabled: boolean;
}

const FONT_STEPS = [80, 90, 100, 115, 130, 150, 175, 200];

/** Page turning and the reading settings (font size, font, line spacing, theme, layout). */
export function ReaderToolbar({ settings, onChange, onPrev, onNext, disabled }: Props) {
  const set = (change: Partial<ReaderSettings>) => onChange({ ...settings, ...change });
  const step = (direction: 1 | -1) => {
    const index = FONT_STEPS.findIndex((size) => size >= settings.fontSize);
    const next = FONT_STEPS[Math.min(FONT_STEPS.length - 1, Math.max(0, index + direction))];
    if (next) set({ fontSize: next });
  };
  return (
    <div className="reader-toolbar" role="toolbar" aria-label="Reader">
      <button type="button" onClick={onPrev} disabled={disabled} aria-label="Previous page">
        ‹ Prev
      </button>
      <button type="button" onClick={onNext} disabled={disabled} aria-label="Next page">
        Next ›
      </button>
      <span className="reader-group" role="group" aria-label="Font size">
        <button type="button" onClick={() => step(-1)} aria-label="Smaller text">
          A−
        </button>
        <output aria-label="Font size" data-testid="font-size">
          {settings.fontSize}%
        </output>
        <button type="button" onClick={() => step(1)} aria-label="Larger text">
          A+
        </button>
      </span>
      <label>
        Font{' '}
        <select value={settings.font} onChange={(e) => set({ font: e.target.value as ReaderFont })}>
          <option value="serif">Serif</option>
          <option value="sans-serif">Sans-serif</option>
        </select>
      </label>
      <label>
        Spacing{' '}
        <select
          value={settings.lineHeight}
          onChange={(e) => set({ lineHeight: Number(e.target.value) })}
        >
          <option value={1.3}>Tight</option>
          <option value={1.5}>Normal</option>
          <option value={1.8}>Loose</option>
        </select>
      </label>
      <label>
        Theme{' '}
        <select
          value={settings.theme}
          onChange={(e) => set({ theme: e.target.value as ReaderTheme })}
        >
          <option value="light">Light</option>
          <option value="sepia">Sepia</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label>
        Layout{' '}
        <select
          value={settings.flow}
          onChange={(e) => set({ flow: e.target.value as ReaderSettings['flow'] })}
        >
          <option value="paginated">Pages</option>
          <option value="scrolled">Scrolled</option>
        </select>
      </label>
    </div>
  );
}
