import { useEffect, useState } from 'react';
import { Branches } from './pages/Branches';
import { Catalogue } from './pages/Catalogue';
import { Login } from './pages/Login';
import { Review } from './pages/Review';
import { Stock } from './pages/Stock';
import { Transfers } from './pages/Transfers';
import { useSession } from './session';

const PAGES = [
  { id: 'branches', label: 'Branches & PCs' },
  { id: 'stock', label: 'Stock' },
  { id: 'transfers', label: 'Transfers' },
  { id: 'review', label: 'Review' },
  { id: 'catalogue', label: 'Catalogue' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(): PageId {
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  return (PAGES.find((p) => p.id === id)?.id ?? 'branches') as PageId;
}

export function App() {
  const session = useSession();
  const [page, setPage] = useState<PageId>(pageFromHash);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  if (session.me === undefined) return <div className="loading">Loading…</div>;
  if (session.me === null) return <Login onSignIn={session.signIn} />;
  const canWrite = session.me.role === 'admin';
  return (
    <div className="shell">
      <header className="top">
        <strong className="brand">Stock Ledger · HQ</strong>
        <nav>
          {PAGES.map((p) => (
            <a key={p.id} href={`#/${p.id}`} className={p.id === page ? 'active' : ''} data-testid={`nav-${p.id}`} aria-current={p.id === page ? 'page' : undefined}>{p.label}</a>
          ))}
        </nav>
        <span className="who" data-testid="who">{session.me.user} · {session.me.role === 'admin' ? 'admin' : 'viewer (read only)'}</span>
        <button type="button" className="link" onClick={() => void session.signOut()} data-testid="sign-out">Sign out</button>
      </header>
      <main>
        {page === 'branches' && <Branches canWrite={canWrite} />}
        {page === 'stock' && <Stock />}
        {page === 'transfers' && <Transfers />}
        {page === 'review' && <Review canWrite={canWrite} />}
        {page === 'catalogue' && <Catalogue canWrite={canWrite} />}
      </main>
    </div>
  );
}
