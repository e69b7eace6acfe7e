import { readFileSync, writeFileSync } from 'node:fs';

export interface Bounds { x: number; y: number; width: number; height: number }
export interface WindowState { bounds: Bounds; maximized: boolean }

export const DEFAULT_SIZE = { width: 1366, height: 768 };

/**
 * The window's last size and position, restored at start, but only where it is still visible: a second
 * monitor that is gone must not leave the window off-screen. `displays` are the work areas of the screens now.
 */
export function restoreWindowState(file: string, displays: Bounds[]): Partial<Bounds> & { maximized: boolean } {
  let saved: WindowState;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as WindowState;
  } catch {
    return { ...DEFAULT_SIZE, maximized: false };
  }
  const b = saved?.bounds;
  const valid = b && [b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n)) && b.width >= 400 && b.height >= 300;
  if (!valid) return { ...DEFAULT_SIZE, maximized: false };
  // Visible enough: its title bar (top 40 px, at least 100 px of it) is on some screen.
  const onScreen = displays.some((d) => b.y >= d.y && b.y + 40 <= d.y + d.height
    && Math.min(b.x + b.width, d.x + d.width) - Math.max(b.x, d.x) >= 100);
  const size = { width: Math.round(b.width), height: Math.round(b.height) };
  return onScreen ? { ...size, x: Math.round(b.x), y: Math.round(b.y), maximized: !!saved.maximized } : { ...size, maximized: !!saved.maximized };
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Remembering the window is a nicety; never fail a quit over it.
  }
}
