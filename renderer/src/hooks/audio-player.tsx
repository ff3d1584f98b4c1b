import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export interface Track {
  contentId: string;
  title: string;
  url: string;
  /** Seconds to resume from. */
  startAt: number;
  onPosition: (seconds: number) => void;
}

export interface AudioPlayer {
  track: Track | null;
  playing: boolean;
  time: number;
  duration: number;
  rate: number;
  load: (track: Track) => void;
  toggle: () => void;
  skip: (seconds: number) => void;
  /** Jumps to a time (a bookmark). */
  seek: (seconds: number) => void;
  setRate: (rate: number) => void;
  stop: () => void;
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
    return {
      track,
      playing,
      time,
      duration,
      rate,
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
      seek: (seconds) => {
        const el = element();
        if (el) el.currentTime = Math.min(Math.max(0, seconds), el.duration || 0);
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
