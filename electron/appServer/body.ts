import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type BodyResult = { ok: true; payload: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

/**
 * Reads a command's JSON payload. Over 5 MB is refused before it is parsed (and, when Content-Length
 * says so, before it is read); an empty body is "no payload", like calling `api.name()`.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const tooLarge = { ok: false, status: 413, message: `The request body is larger than ${limit / 1024 / 1024} MB. Send fewer lines per request.` } as const;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return tooLarge;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, payload: undefined };
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    return { ok: false, status: 415, message: 'Send the payload as JSON with "Content-Type: application/json".' };
  }
  try {
    return { ok: true, payload: JSON.parse(text) };
  } catch (err) {
    return { ok: false, status: 400, message: `The body is not valid JSON (${(err as Error).message}). Nothing was recorded.` };
  }
}
