import type { StartupProblem } from '../host/startupProblem';

/** Text for HTML: the five characters that could open a tag or end an attribute, as character references. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page shown instead of the app when the ledger cannot be opened: what happened, the file, what to
 * do, and where the logs are. Static HTML (no script), served by main over app://.
 */
export function startupErrorPage(problem: StartupProblem, info: { logFolder: string; version: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stock Ledger cannot start</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2933; }
  main { max-width: 760px; margin: 64px auto; background: #fff; border: 1px solid #d9dee4; border-radius: 8px; padding: 32px 40px; }
  h1 { font-size: 22px; margin: 0 0 8px; color: #9b1c1c; }
  h2 { font-size: 15px; margin: 24px 0 4px; }
  code { display: block; background: #f1f3f5; padding: 8px 10px; border-radius: 4px; word-break: break-all; user-select: all; }
  .detail { color: #52606d; font-size: 13px; }
</style></head>
<body><main role="alert">
  <h1>${escapeHtml(problem.title)}</h1>
  <p>Stock Ledger did not open the ledger, so nothing can be recorded until this is fixed. Nothing already recorded has been changed.</p>
  <h2>What to do</h2>
  <p>${escapeHtml(problem.whatToDo)}</p>
  <h2>Ledger file</h2>
  <code>${escapeHtml(problem.file)}</code>
  <h2>Log folder (send it to support)</h2>
  <code>${escapeHtml(info.logFolder)}</code>
  <p class="detail">Stock Ledger ${escapeHtml(info.version)} · ${escapeHtml(problem.kind)} · ${escapeHtml(problem.detail)}</p>
</main></body></html>
`;
}
