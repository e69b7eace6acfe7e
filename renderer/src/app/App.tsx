import { useCallback, useEffect, useState } from 'react';
import type { SetupStatus } from '../../../shared/contract';
import { call, errorMessage } from '../api';
import { ApprovalDialog } from './approval';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { useBranch } from './branch';
import { useNavigation } from './navigation';
import { screens } from './screens';
import { useSession } from './session';
import { StatusBar } from './StatusBar';
import { ErrorBoundary } from './ErrorBoundary';
import { RestartBanner } from './RestartBanner';
import { SignInScreen } from '../screens/signin/SignInScreen';
import { KeysHelp } from './KeysHelp';
import { PrintRoot } from '../print/PrintRoot';

/** The key name of an event as the screen registry writes it: 'F2' or 'Shift+F2'. */
export function hotkeyOf(e: KeyboardEvent): string {
  return e.shiftKey && /^F\d+$/.test(e.key) ? `Shift+${e.key}` : e.key;
}

/** Hotkeys of the registry, plus F12 = switch clerk. Listened to on the window so they work from any field. */
function useHotkeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'F12') {
        e.preventDefault();
        useSession.getState().switchClerk();
        return;
      }
      if (useSession.getState().switching) return;
      const target = screens.find((s) => s.hotkey === hotkeyOf(e));
      if (target) {
        e.preventDefault();
        useNavigation.getState().navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function CurrentScreen() {
  const id = useNavigation((s) => s.screen);
  const visit = useNavigation((s) => s.visit);
  const def = screens.find((s) => s.id === id) ?? screens[0]!;
  const Component = def.component;
  return <Component key={`${def.id}-${visit}`} />;
}

function NavBar({ onHelp }: { onHelp(): void }) {
  const current = useNavigation((s) => s.screen);
  const navigate = useNavigation((s) => s.navigate);
  const isManager = useSession((s) => s.clerk?.role === 'manager');
  return (
    <nav className="nav-bar" aria-label="Screens">
      <span className="brand">Stock Ledger</span>
      {screens.filter((s) => s.nav !== false && (!s.managerOnly || isManager)).map((s) => (
        <button key={s.id} type="button" className={current === s.id ? 'active' : ''} aria-current={current === s.id ? 'page' : undefined}
          data-testid={`nav-${s.id}`} onClick={() => navigate(s.id)} title={s.hotkey ? `${s.title} (${s.hotkey})` : s.title}>
          {s.hotkey && <kbd>{s.hotkey}</kbd>} {s.title}
        </button>
      ))}
      <button type="button" className="nav-help" data-testid="nav-keys" onClick={onHelp} title="Keyboard shortcuts (?)">Keys <kbd>?</kbd></button>
    </nav>
  );
}

export function App() {
  const [setup, setSetup] = useState<SetupStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadSettings = useBranch((s) => s.loadSettings);
  const check = useCallback(() => {
    call('setup.status', {}).then(setSetup, (e) => setError(errorMessage(e)));
    void loadSettings();
  }, [loadSettings]);
  useEffect(check, [check]);
  if (!setup) return <div className="app"><main className="screen muted">{error ?? 'Opening the ledger…'}</main></div>;
  // First start: nothing can be recorded before the shop has a branch and a manager.
  if (setup.needed) {
    return (
      <div className="app">
        <main className="screen"><SetupScreen status={setup} onDone={() => { void useBranch.getState().refreshStatus(); check(); }} /></main>
      </div>
    );
  }
  return <Shell />;
}

function Shell() {
  useHotkeys();
  const switching = useSession((s) => s.switching);
  // A new visit (any navigation) gets a fresh error boundary: one failed screen does not block the others.
  const screen = useNavigation((s) => s.screen);
  const visit = useNavigation((s) => s.visit);
  const loadSettings = useBranch((s) => s.loadSettings);
  const loaded = useBranch((s) => s.loaded);
  const display = useBranch((s) => `${s.locale}|${s.currency}|${s.timeZone}`);
  const [help, setHelp] = useState(false);
  useEffect(() => { void loadSettings(); }, [loadSettings]);
  useEffect(() => {
    // "?" opens the key list, except while typing in a field (where it is a character).
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === '?' && !typing) { e.preventDefault(); setHelp(true); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <div className="app">
        <NavBar onHelp={() => setHelp(true)} />
        <RestartBanner />
        <main className="screen">
          {/* The screen (not the sign-in, which keeps what was typed) is keyed by the display settings,
              so a change of currency or locale redraws every number. */}
          <ErrorBoundary key={`${screen}-${visit}`} onLeave={() => useNavigation.getState().navigate('stock')}>{switching ? <SignInScreen /> : loaded ? <CurrentScreen key={display} /> : null}</ErrorBoundary>
        </main>
        <StatusBar />
        <ApprovalDialog />
        {help && <KeysHelp onClose={() => setHelp(false)} />}
      </div>
      <PrintRoot />
    </>
  );
}
