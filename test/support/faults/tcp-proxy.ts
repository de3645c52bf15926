import { createServer, Server, Socket } from 'node:net';
import { freePort } from '../redis-server';

export interface TcpProxyOptions {
  /** Where the traffic goes (loopback only). */
  targetHost?: string;
  targetPort: number;
  /** Delay added to every chunk, in each direction (order is kept). */
  latencyMs?: number;
}

/**
 * A TCP proxy of the test's own on a free loopback port, in front of a server the machine
 * shares (PostgreSQL): the test takes it down (connections refused, open ones cut) and
 * brings it back on the same port, or slows it down, without ever touching the server.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private latencyMs: number;
  /** Connections accepted since the proxy was made. */
  accepted = 0;

  private constructor(
    readonly port: number,
    private readonly options: TcpProxyOptions,
  ) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), options);
    await proxy.open();
    return proxy;
  }

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  /** The local ports of the proxy's connections to the target: what the target sees as client ports. */
  get upstreamPorts(): number[] {
    return [...this.pairs].map((p) => p.upstream.localPort).filter((port): port is number => typeof port === 'number');
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Starts listening (again) on the same port. */
  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    // A port just released may briefly be unavailable; retry a few times (bounded).
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    this.server = server;
  }

  /** Stops listening (new connections are refused) and cuts every open connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cutAll();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts the open connections, but keeps accepting new ones. */
  cutAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    const upstream = new Socket();
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    upstream.connect(this.options.targetPort, this.options.targetHost ?? '127.0.0.1');
  }

  private pipe(from: Socket, to: Socket): void {
    // One FIFO per direction, drained by one timer: a change of latency never reorders the stream.
    const queue: { chunk: Buffer; releaseAt: number }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = () => {
      timer = undefined;
      while (queue.length && queue[0].releaseAt <= Date.now()) {
        const { chunk } = queue.shift()!;
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length) timer = setTimeout(drain, Math.max(1, queue[0].releaseAt - Date.now()));
    };
    from.on('data', (chunk: Buffer) => {
      queue.push({ chunk, releaseAt: Date.now() + this.latencyMs });
      if (this.latencyMs <= 0 && queue.length === 1) drain();
      else if (!timer) timer = setTimeout(drain, Math.max(1, queue[0].releaseAt - Date.now()));
    });
    from.on('close', () => {
      if (timer) clearTimeout(timer);
      queue.length = 0;
    });
  }
}
