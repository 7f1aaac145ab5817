import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy to `target` that a test can cut (every open connection reset, new ones refused) and
 * restore: a database restart or a network partition as the app sees it, without touching the shared server.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly open = new Set<Socket>();
  private cutOff = false;
  /** Connections accepted, and refused while cut. */
  readonly stats = { accepted: 0, refused: 0 };

  constructor(private readonly target: { host: string; port: number }) {}

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.cutOff) {
        this.stats.refused += 1;
        client.resetAndDestroy();
        return;
      }
      this.stats.accepted += 1;
      const upstream = connect(this.target.port, this.target.host);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.open.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.open.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    return this;
  }

  /** Resets every open connection and refuses new ones until `restore`. */
  cut(): void {
    this.cutOff = true;
    for (const s of this.open) s.resetAndDestroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
