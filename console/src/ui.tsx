import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api';

/** Loads once and on reload(); keeps the last answer while reloading so tables do not flicker. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload: () => void; loading: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then((d) => { if (live) { setData(d); setError(null); } }, (e: Error) => { if (live) setError(e.message); }).finally(() => live && setLoading(false));
    return () => { live = false; };
  }, [run, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export function Notice({ kind, children, testId }: { kind: 'error' | 'ok' | 'info'; children: ReactNode; testId?: string }) {
  return <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>{children}</div>;
}

export const errorText = (e: unknown): string => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Section({ title, children, actions, testId }: { title: string; children: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <header className="card-head"><h2>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}
