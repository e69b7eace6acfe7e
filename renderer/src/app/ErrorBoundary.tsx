import { Component, type ReactNode } from 'react';

interface Props { children: ReactNode; onLeave: () => void }
interface State { error: Error | null }

/**
 * A screen that fails to render shows what happened and a way out, never a blank window. Nothing the
 * clerk recorded is affected: the ledger is in the worker, not in this page.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: { componentStack?: string | null }): void {
    console.error('screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel crash-panel" role="alert" data-testid="screen-error">
        <h1>This screen could not be shown</h1>
        <p>Everything recorded so far is safe. Go back to the stock list, or reload the window. If it happens again, tell support what you were doing and this message:</p>
        <pre className="error-box">{error.message}</pre>
        <div className="toolbar">
          <button type="button" className="btn primary" onClick={() => { this.setState({ error: null }); this.props.onLeave(); }}>Back to stock</button>
          <button type="button" className="btn" onClick={() => window.location.reload()}>Reload window</button>
        </div>
      </div>
    );
  }
}
