/** What the renderer bench asks its browser-app process (browser-app-process.ts), by id. */
export type ParentAsk =
  { id: number; ask: 'login-url' } | { id: number; ask: 'cpu' } | { id: number; ask: 'close' };

/** Its answers, by the id asked (0: started). */
export type ChildReply =
  | { id: number; ready: true }
  | { id: number; loginUrl: string }
  | { id: number; cpuMs: number }
  | { id: number; closed: true };
