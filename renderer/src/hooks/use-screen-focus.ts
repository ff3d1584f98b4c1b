import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { Route } from './use-route';

const TITLES: Record<Route['screen'], string> = {
  library: 'Library',
  item: 'Content',
  viewer: 'Viewer',
  store: 'Store',
  wallet: 'Wallet and history',
  sync: 'Sync status',
  devices: 'Devices',
  settings: 'Settings',
};

/**
 * On every screen change: the window title names the screen, and focus moves to the main region,
 * so keyboard and screen-reader users start at the new screen instead of the old link.
 */
export function useScreenFocus(route: Route, main: RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  const key = 'contentId' in route ? `${route.screen}/${route.contentId}` : route.screen;
  useEffect(() => {
    document.title = `${TITLES[route.screen]} · Shelfkeeper`;
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [key, route.screen, main]);
}
