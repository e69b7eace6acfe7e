import { create } from 'zustand';

/** Which screen is showing, and what it was opened with (e.g. the SKU of the item detail). */
interface NavigationState {
  screen: string;
  params: Record<string, string>;
  /** Bumped on every navigation, so a screen opened twice with the same params still refreshes. */
  visit: number;
  navigate(screen: string, params?: Record<string, string>): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'stock',
  params: {},
  visit: 0,
  navigate: (screen, params = {}) => set((s) => ({ screen, params, visit: s.visit + 1 })),
}));

export const navigate = (screen: string, params?: Record<string, string>) => useNavigation.getState().navigate(screen, params);
export const useScreenParam = (name: string): string | undefined => useNavigation((s) => s.params[name]);
