import { useEffect, useRef } from 'react';
import { otherKeys, screens } from './screens';

/** The keyboard list ("?" or the Keys button): every screen's key and the keys that work anywhere. */
export function KeysHelp({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); onClose(); } };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="backdrop" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="keys-help">
      <div className="dialog" style={{ width: 560 }}>
        <h2>Keyboard shortcuts</h2>
        <table className="grid keys">
          <tbody>
            {screens.filter((s) => s.hotkey).map((s) => <tr key={s.id}><td><kbd>{s.hotkey}</kbd></td><td>{s.title}</td></tr>)}
            {otherKeys.map((k) => <tr key={k.keys}><td><kbd>{k.keys}</kbd></td><td>{k.what}</td></tr>)}
          </tbody>
        </table>
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
          <button ref={closeRef} type="button" className="btn primary" onClick={onClose}>Close <kbd>Esc</kbd></button>
        </div>
      </div>
    </div>
  );
}
