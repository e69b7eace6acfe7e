import type { FastifyInstance } from 'fastify';
import { describeValue, textProblem } from '../../shared/text/safeText';
import { HqError } from '../errors';

/**
 * No request body brings a control character (U+0000 cannot even be stored by PostgreSQL) or a lone
 * surrogate into HQ: refused at the door with 400 and where it was. Line breaks and tabs pass (notes).
 * Push is the exception: its rows are judged one by one (a bad row is quarantined, never the batch),
 * and its other parts are held to the protocol's text rules by their schemas.
 */
export function installTextGuard(app: FastifyInstance, except: string[]): void {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || except.includes(request.routeOptions.url ?? '')) return;
    const found = findBadText(request.body, 'body');
    if (found) throw new HqError(400, 'VALIDATION', `The request's ${found.path} ${found.problem}; send plain text.`, { path: found.path, value: describeValue(found.value) });
  });
}

function findBadText(v: unknown, path: string): { path: string; problem: string; value: string } | null {
  if (typeof v === 'string') {
    const problem = textProblem(v, true);
    return problem ? { path, problem, value: v } : null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const f = findBadText(v[i], `${path}.${i}`);
      if (f) return f;
    }
    return null;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const f = findBadText(k, `${path} key`) ?? findBadText(x, `${path}.${k}`);
      if (f) return f;
    }
  }
  return null;
}
