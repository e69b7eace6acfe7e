import { useState, type ReactNode } from 'react';
import { desktopPrint, printNow } from './printStore';

/**
 * "Save as PDF" in the desktop app, where Electron's printer dialog has no PDF printer of its own; in a
 * browser its print dialog offers "Save as PDF" already, so this renders nothing there.
 */
export function SavePdfButton({ title, job, testId, small }: { title: string; job: () => ReactNode; testId?: string; small?: boolean }) {
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  if (!desktopPrint()) return null;
  const save = async () => {
    const outcome = await printNow(title, job(), 'pdf');
    setNote(outcome.ok ? (outcome.saved ? { text: `Saved ${outcome.saved}`, bad: false } : null) : { text: outcome.error, bad: true });
  };
  return (
    <>
      <button type="button" className={small ? 'btn small' : 'btn'} data-testid={testId} onClick={() => void save()}>Save as PDF</button>
      {note && <span className={note.bad ? 'bad' : 'muted'} title={note.text}>{note.text}</span>}
    </>
  );
}
