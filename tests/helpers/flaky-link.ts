/**
 * A TCP relay between one replica and the team server that the tests can
 * break: `cut()` destroys every open connection at once, dropping whatever
 * was in flight in either direction (message loss as a real network loses
 * messages: with the link), and `offline` refuses new connections (a
 * replica on a plane). Everything the replica does (WebSocket and HTTP)
 * goes through it; the server is reached at `127.0.0.1:<targetPort>`, so it
 * may be restarted on the same port behind the relay.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running relay. */
export class FlakyLink {
  /** While true, new connections are closed at once and open ones were cut. */
  private isOffline = false;
  private readonly pairs = new Set<[Socket, Socket]>();
  private cuts = 0;

  private constructor(
    private readonly server: Server,
    readonly targetPort: number,
  ) {}

  /** Starts a relay on 127.0.0.1 (any free port) to `127.0.0.1:targetPort`. */
  static async start(targetPort: number): Promise<FlakyLink> {
    const server = createServer();
    const link = new FlakyLink(server, targetPort);
    server.on('connection', (client) => link.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  /** The relay's port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `ws://127.0.0.1:<relay port>`: what the replica is bound to. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connections cut so far. */
  get cutCount(): number {
    return this.cuts;
  }

  /** Open relayed connections. */
  get open(): number {
    return this.pairs.size;
  }

  /** Drops every open connection mid-flight (unsent bytes are lost). */
  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
      this.cuts += 1;
    }
    this.pairs.clear();
  }

  /** Goes offline (cutting what is open) or back online. */
  setOffline(offline: boolean): void {
    this.isOffline = offline;
    if (offline) this.cut();
  }

  /** Whether the link is offline. */
  get offline(): boolean {
    return this.isOffline;
  }

  /** Cuts everything and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.isOffline) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    upstream.on('error', () => undefined);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = (): void => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
