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
      const target = screens.find((s) => s.hotkey === e.key);
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

function NavBar() {
  const current = useNavigation((s) => s.screen);
  const navigate = useNavigation((s) => s.navigate);
  return (
    <nav className="nav-bar" aria-label="Screens">
      <span className="brand">Stock Ledger</span>
      {screens.filter((s) => s.nav !== false).map((s) => (
        <button key={s.id} type="button" className={current === s.id ? 'active' : ''} aria-current={current === s.id ? 'page' : undefined}
          data-testid={`nav-${s.id}`} onClick={() => navigate(s.id)} tabIndex={-1}>
          {s.hotkey && <kbd>{s.hotkey}</kbd>} {s.title}
        </button>
      ))}
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
  return (
    <div className="app">
      <NavBar />
      <RestartBanner />
      <main className="screen">
        <ErrorBoundary key={`${screen}-${visit}`} onLeave={() => useNavigation.getState().navigate('stock')}>{switching ? <SignInScreen /> : <CurrentScreen />}</ErrorBoundary>
      </main>
      <StatusBar />
      <ApprovalDialog />
    </div>
  );
}
