import { useEffect } from 'react';
import type { Settings } from '../../../shared/ipc/contract';

/**
 * Applies the theme: `system` leaves it to `prefers-color-scheme` (the CSS default); `light` or
 * `dark` forces one through `data-theme` on <html>.
 */
export function useTheme(theme: Settings['theme'] | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    const forced = themeAttribute(theme);
    if (forced) root.dataset.theme = forced;
    else delete root.dataset.theme;
  }, [theme]);
}

/** `data-theme` on <html> for the theme chosen; null leaves it to the system. */
export function themeAttribute(theme: Settings['theme'] | undefined): 'light' | 'dark' | null {
  return theme === 'light' || theme === 'dark' ? theme : null;
}
