import type { ServerResponse } from 'node:http';

/**
 * Server-Sent Events for the browser and local integrations: `progress` (long tasks: rebuild, verify,
 * import, sync) and `changed` (a command that changes the ledger succeeded, from any client, so an open
 * window can refresh what it shows after a till posted a sale).
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();

  add(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    // Tells EventSource how soon to reconnect if the server restarts.
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) res.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
