import net from 'node:net';

/**
 * A TCP proxy in front of a real PostgreSQL that can simulate its faults, for tests of how our pools behave:
 * - freeze(): stop forwarding in both directions and accept new connections without answering — what clients
 *   see when the postmaster and its backends are SIGSTOPped (the kernel still completes the TCP handshake);
 * - stop(): drop every connection and refuse new ones — a clean shutdown (`pg_ctl stop -m fast`);
 * - kill(): drop every connection once — a killed backend (PostgreSQL then restarts every backend);
 * - resume(): back to normal;
 * - loseNextCommitAnswer(): the next COMMIT a client sends reaches PostgreSQL, which commits it, but the client's
 *   connection is dropped before the answer comes back ("Connection terminated unexpectedly") — the worst moment
 *   for a connection to die, as the client cannot know its transaction committed.
 */
export interface PgFaultProxy {
  /** The upstream URL with host and port replaced by the proxy's. */
  url: string;
  freeze(): void;
  stop(): void;
  kill(): void;
  resume(): void;
  /** Resolves once a COMMIT was forwarded and its client connection dropped. */
  loseNextCommitAnswer(): Promise<void>;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startPgFaultProxy(upstreamUrl: string): Promise<PgFaultProxy> {
  const upstream = new URL(upstreamUrl);
  const pairs = new Set<{ client: net.Socket; server: net.Socket }>();
  let mode: 'normal' | 'frozen' | 'stopped' = 'normal';
  let connections = 0;
  const held: net.Socket[] = [];
  let onCommit: (() => void) | undefined;

  const dropAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    pairs.clear();
    for (const socket of held.splice(0)) socket.destroy();
  };

  const server = net.createServer((client) => {
    connections++;
    client.on('error', () => undefined);
    if (mode === 'stopped') return void client.destroy();
    if (mode === 'frozen') return void held.push(client);
    const backend = net.connect(Number(upstream.port || 5432), upstream.hostname);
    backend.on('error', () => client.destroy());
    client.on('error', () => backend.destroy());
    let answerPending = false;
    client.on('close', () => answerPending || backend.destroy());
    backend.on('close', () => client.destroy());
    const pair = { client, server: backend };
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    client.pipe(backend);
    backend.pipe(client);
    client.on('data', (chunk: Buffer) => {
      // A simple-protocol Query message ('Q') whose text is COMMIT: forwarded by the pipe above; drop the client
      // now, and the backend once it has answered (it has committed by then).
      if (!onCommit || chunk[0] !== 0x51 || !/^COMMIT\b/i.test(chunk.subarray(5).toString('utf8').trim())) return;
      const done = onCommit;
      onCommit = undefined;
      client.unpipe(backend);
      backend.unpipe(client);
      answerPending = true;
      backend.once('data', () => backend.destroy());
      client.destroy();
      done();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    get connections() {
      return connections;
    },
    freeze() {
      mode = 'frozen';
      for (const pair of pairs) {
        pair.client.unpipe(pair.server);
        pair.server.unpipe(pair.client);
        pair.client.pause();
        pair.server.pause();
      }
    },
    stop() {
      mode = 'stopped';
      dropAll();
    },
    kill() {
      dropAll();
    },
    resume() {
      if (mode === 'frozen') {
        for (const pair of pairs) {
          pair.client.pipe(pair.server);
          pair.server.pipe(pair.client);
          pair.client.resume();
          pair.server.resume();
        }
        // Connections accepted while frozen never got a backend; their clients gave up long ago.
        for (const socket of held.splice(0)) socket.destroy();
      }
      mode = 'normal';
    },
    loseNextCommitAnswer() {
      return new Promise<void>((resolve) => (onCommit = resolve));
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
