import { useEffect } from 'react';
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
  useHotkeys();
  const switching = useSession((s) => s.switching);
  // A new visit (any navigation) gets a fresh error boundary: one failed screen does not block the others.
  const screen = useNavigation((s) => s.screen);
  const visit = useNavigation((s) => s.visit);
  const loadSettings = useBranch((s) => s.loadSettings);
  useEffect(() => { void loadSettings(); }, [loadSettings]);
  return (
    <div className="app">
      <NavBar />
      <RestartBanner />
      <main className="screen">
        <ErrorBoundary key={`${screen}-${visit}`} onLeave={() => useNavigation.getState().navigate('stock')}>{switching ? <SignInScreen /> : <CurrentScreen />}</ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  );
}
