import { useEffect, useState } from 'react';

const readers = {
  text: (response: Response) => response.text(),
  bytes: async (response: Response) => new Uint8Array(await response.arrayBuffer()),
};

interface Bodies {
  text: string;
  bytes: Uint8Array;
}

/**
 * Loads a content's body from the viewer URL `content.open` gave; an answer that arrives after
 * the URL changed or the viewer closed is dropped. `body` is null while loading or on failure.
 */
export function useContentBody<K extends keyof Bodies>(
  url: string,
  as: K,
): { body: Bodies[K] | null; failed: boolean } {
  const [body, setBody] = useState<Bodies[K] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`status ${response.status}`);
        return readers[as](response) as Promise<Bodies[K]>;
      })
      .then(
        (value) => live && setBody(value),
        () => live && setFailed(true),
      );
    return () => {
      live = false;
    };
  }, [url, as]);
  return { body, failed };
}
