import { useEffect, useState } from 'react';
import { onLedgerRestarted } from '../api';

/** Shown when a command was cut off because the ledger restarted: the clerk checks before repeating it. */
export function RestartBanner() {
  const [shown, setShown] = useState(false);
  useEffect(() => onLedgerRestarted(() => setShown(true)), []);
  if (!shown) return null;
  return (
    <div className="restart-banner" role="alert" data-testid="ledger-restarted">
      <span>The ledger stopped unexpectedly and was started again. The last thing you did may not have been saved: check the stock or the journal before doing it again.</span>
      <button type="button" className="btn" onClick={() => setShown(false)}>OK</button>
    </div>
  );
}
