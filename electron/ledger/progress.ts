import type { ProgressEvent } from '../../shared/contract/ledger';

/** Long work (rebuild, verify, import, sync) reports how far it is; the UI shows a bar, the CLI a line. */
export type { ProgressEvent };
export type ProgressListener = (p: ProgressEvent) => void;
export const noProgress: ProgressListener = () => {};
