import type { ReactNode } from 'react';
import { useBranch } from '../app/branch';
import { fmtDateTime } from '../ui/format';

/** The top of every printout: what it is, and which branch printed it when. */
export function PaperHead({ title, children }: { title: ReactNode; children?: ReactNode }) {
  const branchCode = useBranch((s) => s.branchCode);
  const branchName = useBranch((s) => s.branchName);
  return (
    <div className="paper-head">
      <div><h1>{title}</h1>{children}</div>
      <div className="branch"><b>{branchName || branchCode}</b><br />Branch {branchCode}<br /><span style={{ fontSize: '8pt' }}>Printed {fmtDateTime(new Date().toISOString())}</span></div>
    </div>
  );
}
