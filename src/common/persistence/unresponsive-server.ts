import pg from 'pg';

interface ClientInternals {
  connection: { stream: import('node:net').Socket };
  // pg keeps these private; they tell whether the connection is waiting for an answer.
  _activeQuery: unknown;
  _queryQueue: unknown[];
}

/**
 * A pg client that gives up on a server that stopped answering. pg's own `query_timeout` fails the
 * waiting query but keeps the connection, so the next statement — a transaction's ROLLBACK —
 * queues behind it and the request hangs until the server wakes up, and then the abandoned
 * transaction may still commit. Here, when a connection that is waiting for an answer has seen no
 * byte for `silenceMs`, its socket is destroyed: every statement on it fails at once ("Connection
 * terminated"), the pool drops the client, and the server rolls the transaction back when it
 * notices the closed socket.
 */
export function clientGivingUpAfter(silenceMs: number): typeof pg.Client {
  return class ClientGivingUp extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const client = this as unknown as ClientInternals;
      const socket = client.connection.stream;
      socket.setTimeout(silenceMs);
      socket.on('timeout', () => {
        if (client._activeQuery || client._queryQueue.length > 0) socket.destroy();
      });
    }
  };
}

/** While a connection streams to a slow reader (an export), silence is the reader's, not the server's. */
export function allowSilence(client: pg.PoolClient): () => void {
  const socket = (client as unknown as ClientInternals).connection.stream;
  const before = socket.timeout ?? 0;
  socket.setTimeout(0);
  return () => socket.setTimeout(before);
}
