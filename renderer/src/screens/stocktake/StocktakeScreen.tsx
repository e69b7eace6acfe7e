import { useScreenParam } from '../../app/navigation';
import { HistoryView } from './HistoryView';
import { ReviewView } from './ReviewView';
import { ScanView } from './ScanView';
import { StartView } from './StartView';
import './stocktake.css';

/**
 * Stock take (F4): the history of counts (default), start a count, the scan station, and the review
 * with commit. Which one shows is a navigation param, so every view can be reached from anywhere:
 * navigate('stocktake', { view: 'scan', session: id }).
 */
export function StocktakeScreen() {
  const view = useScreenParam('view');
  const session = useScreenParam('session');
  if (view === 'start') return <StartView />;
  if (view === 'scan' && session) return <ScanView sessionId={session} />;
  if (view === 'review' && session) return <ReviewView sessionId={session} />;
  return <HistoryView />;
}
