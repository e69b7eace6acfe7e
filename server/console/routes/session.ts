import type { FastifyInstance } from 'fastify';
import { HqError } from '../../errors';
import { TokenBuckets } from '../../http/rateLimit';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../cookies';
import type { OperatorStore } from '../operators';
import { dummyHash, verifyPassword } from '../passwords';
import type { ConsoleDeps } from '../plugin';

const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['user', 'password'],
  properties: { user: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
};

const WRONG = 'The name or password is not right, or this operator cannot sign in. Try again or ask an HQ admin.';

/** Sign in, sign out, who am I. Attempts are limited per operator name and per address. */
export function sessionRoutes(app: FastifyInstance, deps: ConsoleDeps & { operators: OperatorStore }): void {
  const { operators, now } = deps;
  const perUser = new TokenBuckets(deps.loginRateLimit?.perUser ?? { burst: 5, perMinute: 5 });
  const perAddress = new TokenBuckets(deps.loginRateLimit?.perAddress ?? { burst: 20, perMinute: 20 });
  const secure = (protocol: string) => protocol === 'https';

  app.post<{ Body: { user: string; password: string } }>('/login', { schema: { body: loginBody, tags: ['console'] }, config: { console: { public: true } } }, async (request, reply) => {
    const { user, password } = request.body;
    const at = now();
    const wait = Math.max(perAddress.take(`a:${request.ip}`, at) ?? 0, perUser.take(`u:${user.toLowerCase()}`, at) ?? 0);
    if (wait > 0) throw new HqError(429, 'RATE_LIMITED', `Too many sign-in attempts; wait ${wait} s and try again.`, { retryAfterSeconds: wait }, wait);
    const found = await operators.credentials(user);
    // Always run scrypt, so an unknown name answers as slowly as a wrong password.
    const ok = await verifyPassword(password, found?.hash ?? (await dummyHash()));
    if (!found || !ok || found.disabled) {
      request.log.warn({ user, ip: request.ip }, 'console sign-in refused');
      throw new HqError(401, 'UNAUTHORIZED', WRONG);
    }
    const session = await operators.openSession(user, request.ip, at);
    reply.header('set-cookie', sessionCookie(session.token, { maxAgeSeconds: Math.floor((session.expiresAt - at) / 1000), secure: secure(request.protocol) }));
    reply.header('cache-control', 'no-store');
    return { user, role: found.role, csrf: session.csrf, expiresAt: new Date(session.expiresAt).toISOString() };
  });

  app.post('/logout', { schema: { tags: ['console'] }, config: { console: { anyRole: true } } }, async (request, reply) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await operators.revokeSession(token, now());
    reply.header('set-cookie', clearedSessionCookie(secure(request.protocol)));
    return { ok: true };
  });

  app.get('/me', { schema: { tags: ['console'] } }, async (request, reply) => {
    const s = request.operator!;
    reply.header('cache-control', 'no-store');
    return { user: s.operator, role: s.role, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() };
  });
}
