import { useEffect } from 'react';
import type { Settings } from '../../../shared/ipc/contract';

/**
 * Applies the theme: `system` leaves it to `prefers-color-scheme` (the CSS default); `light` or
 * `dark` forces one through `data-theme` on <html>.
 */
export function useTheme(theme: Settings['theme'] | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}
