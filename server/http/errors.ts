import type { FastifyError, FastifyInstance } from 'fastify';
import { HqError } from '../errors';
import { unknownPropertySentence } from './strictRoutes';

/** Every error leaves HQ as `{ error: { code, message, details? } }` with a sentence a person can act on. */
export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = toHqError(err, bodyLimit, request.id, request.routeOptions?.schema as Record<string, unknown> | undefined);
    // The cause (database text included) goes to HQ's log under the request id, never to the client.
    if (e.status >= 500) request.log.error({ err, reqId: request.id }, 'request failed');
    if (e.retryAfter !== undefined) reply.header('retry-after', String(e.retryAfter));
    reply.code(e.status).send(e.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(new HqError(404, 'NOT_FOUND', `HQ has no ${request.method} ${request.url.split('?')[0]}; the routes are under /v1 (try GET /v1/health).`).toBody());
  });
}

function toHqError(err: FastifyError, bodyLimit: number, requestId: string, schema?: Record<string, unknown>): HqError {
  if (err instanceof HqError) return err;
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const issues = err.validation.map((v) => {
      const unknownKey = v.keyword === 'additionalProperties' ? (v.params as { additionalProperty?: string }).additionalProperty : undefined;
      const message = unknownKey !== undefined ? unknownPropertySentence(schema?.[where], v.schemaPath, unknownKey) : v.message ?? 'is invalid';
      return { path: `${where}${v.instancePath.replace(/\//g, '.')}`, message, ...(unknownKey !== undefined ? { unknownKey } : {}) };
    });
    const first = issues[0];
    return new HqError(400, 'VALIDATION', `The request's ${where} is not valid${first ? `: ${first.path} ${first.message}` : ''}. Fix the request and send it again.`, { issues });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HqError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than HQ accepts (${bodyLimit.toLocaleString('en')} bytes); send fewer rows per batch.`, { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HqError(400, 'VALIDATION', `The request body is not valid JSON (${err.message}); send a JSON object.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HqError(415, 'VALIDATION', 'HQ only accepts JSON bodies; send Content-Type: application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HqError(400, 'VALIDATION', 'The request body does not match its Content-Length; send the request again.');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new HqError(err.statusCode, 'VALIDATION', `HQ could not read the request (${err.message}); fix it and send it again.`);
  }
  // Anything else (database unreachable, a bug): nothing was stored; the client retries later.
  return new HqError(503, 'SERVER_ERROR', `HQ could not complete the request; nothing was stored from it. Try again shortly (if it keeps failing, give HQ's operator the reference ${requestId}).`, { requestId }, 5);
}
