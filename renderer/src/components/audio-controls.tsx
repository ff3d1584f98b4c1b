import type { AudioPlayer } from '../hooks/audio-player';

const RATES = [0.75, 1, 1.25, 1.5, 2];

export const clock = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Play/pause, skip ±15 s, speed and the time, for the shared player; previous and next chapter
 * when the file has chapters.
 */
export function AudioControls({ player, label }: { player: AudioPlayer; label: string }) {
  const chapters = player.track?.chapters ?? [];
  return (
    <div className="audio-controls" role="group" aria-label={label}>
      {chapters.length > 0 && (
        <button
          type="button"
          onClick={player.previousChapter}
          disabled={player.chapter < 0}
          aria-label="Previous chapter"
          title="Previous chapter"
        >
          ← Chapter
        </button>
      )}
      <button type="button" onClick={() => player.skip(-15)} aria-label="Back 15 seconds">
        −15 s
      </button>
      <button type="button" onClick={player.toggle} aria-label={player.playing ? 'Pause' : 'Play'}>
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => player.skip(15)} aria-label="Forward 15 seconds">
        +15 s
      </button>
      {chapters.length > 0 && (
        <button
          type="button"
          onClick={player.nextChapter}
          disabled={player.chapter >= chapters.length - 1}
          aria-label="Next chapter"
          title="Next chapter"
        >
          Chapter →
        </button>
      )}
      <span className="audio-time" data-testid="audio-time">
        {clock(player.time)} / {clock(player.duration)}
      </span>
      <label>
        Speed{' '}
        <select value={player.rate} onChange={(e) => player.setRate(Number(e.target.value))}>
          {RATES.map((rate) => (
            <option key={rate} value={rate}>
              {rate}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
