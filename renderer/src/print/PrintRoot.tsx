import { usePrint } from './printStore';
import './print.css';

/** Outside the app's layout: on screen it is hidden, on paper it is the only thing shown. */
export function PrintRoot() {
  const job = usePrint((s) => s.job);
  const count = usePrint((s) => s.count);
  return <div className="print-root" data-testid="print-root" data-print-count={count}>{job}</div>;
}
