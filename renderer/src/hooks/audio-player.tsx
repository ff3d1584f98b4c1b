import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { AudioChapter } from '../../../shared/ipc/library';

export interface Track {
  contentId: string;
  title: string;
  url: string;
  /** Seconds to resume from. */
  startAt: number;
  /** The file's own chapter marks, in order (none for most files). */
  chapters: AudioChapter[];
  onPosition: (seconds: number) => void;
}

export interface AudioPlayer {
  track: Track | null;
  playing: boolean;
  time: number;
  duration: number;
  rate: number;
  /** The index in `track.chapters` of the chapter playing, or -1 (none, or before the first). */
  chapter: number;
  load: (track: Track) => void;
  toggle: () => void;
  skip: (seconds: number) => void;
  /** Jumps to a time (a bookmark). */
  seek: (seconds: number) => void;
  setRate: (rate: number) => void;
  /** To the next chapter's start (none after the last). */
  nextChapter: () => void;
  /**
   * To the start of the chapter playing, or to the previous one's when it has only just begun
   * (as CD players and podcast apps do).
   */
  previousChapter: () => void;
  stop: () => void;
}

/** Within this many seconds of a chapter's start, "previous" goes to the chapter before. */
const RESTART_GRACE_S = 3;

/** The chapter playing at `time`: the last one started by then. */
export function chapterAt(chapters: AudioChapter[], time: number): number {
  let found = -1;
  // A seek lands on a sample near the mark, possibly a hair before it.
  chapters.forEach((chapter, i) => {
    if (chapter.start <= time + 0.05) found = i;
  });
  return found;
}

const PlayerContext = createContext<AudioPlayer | null>(null);

/**
 * One audio element for the whole signed-in app, owned by the shell, so playback goes on while
 * the user moves between screens (the viewer and the mini player are two views of it).
 */
export function AudioPlayerProvider({ children }: { children: ReactNode }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [track, setTrack] = useState<Track | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [rate, setRateState] = useState(1);

  useEffect(() => {
    const element = audio.current;
    if (!element || !track) return;
    element.src = track.url;
    element.playbackRate = rate;
    const resume = () => {
      if (track.startAt > 0 && track.startAt < element.duration)
        element.currentTime = track.startAt;
    };
    element.addEventListener('loadedmetadata', resume, { once: true });
    return () => element.removeEventListener('loadedmetadata', resume);
    // The rate is applied by setRate; a new track keeps the current rate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [track]);

  const player = useMemo<AudioPlayer>(() => {
    const element = () => audio.current;
    const chapters = track?.chapters ?? [];
    const chapter = chapterAt(chapters, time);
    const seek = (seconds: number) => {
      const el = element();
      if (el) el.currentTime = Math.min(Math.max(0, seconds), el.duration || 0);
    };
    return {
      track,
      playing,
      time,
      duration,
      rate,
      chapter,
      load: (next) => setTrack((current) => (current?.url === next.url ? current : next)),
      toggle: () => {
        const el = element();
        if (!el) return;
        if (el.paused) void el.play().catch(() => undefined);
        else el.pause();
      },
      skip: (seconds) => {
        const el = element();
        if (el) el.currentTime = Math.min(Math.max(0, el.currentTime + seconds), el.duration || 0);
      },
      seek,
      nextChapter: () => {
        const next = chapters[chapter + 1];
        if (next) seek(next.start);
      },
      previousChapter: () => {
        const current = chapters[chapter];
        if (!current) return;
        const back = time - current.start < RESTART_GRACE_S ? chapters[chapter - 1] : undefined;
        seek((back ?? current).start);
      },
      setRate: (next) => {
        setRateState(next);
        const el = element();
        if (el) el.playbackRate = next;
      },
      stop: () => {
        element()?.pause();
        setTrack(null);
      },
    };
  }, [track, playing, time, duration, rate]);

  return (
    <PlayerContext.Provider value={player}>
      {children}
      <audio
        ref={audio}
        data-testid="app-audio"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onDurationChange={(e) => setDuration(e.currentTarget.duration || 0)}
        onTimeUpdate={(e) => {
          setTime(e.currentTarget.currentTime);
          track?.onPosition(e.currentTarget.currentTime);
        }}
      />
    </PlayerContext.Provider>
  );
}

export function useAudioPlayer(): AudioPlayer {
  const player = useContext(PlayerContext);
  if (!player) throw new Error('useAudioPlayer outside AudioPlayerProvider');
  return player;
}
