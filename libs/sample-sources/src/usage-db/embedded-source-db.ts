import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import Ajv from 'ajv';
import { SampleSourcesErrorCode, sampleSourcesError } from '../errors';

/** Options of {@link startEmbeddedSourceDb}. */
export interface EmbeddedSourceDbOptions {
  /** `memory` (default) or a directory persisting the database. */
  dataDir?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Client connections accepted at once (PGlite runs their statements one at a time). Default 8. */
  maxConnections?: number;
}

/** A running embedded source database. */
export interface EmbeddedSourceDb {
  /** `postgres://postgres@<host>:<port>/postgres`. */
  url: string;
  close(): Promise<void>;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dataDir: { type: 'string', minLength: 1 },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    maxConnections: { type: 'integer', minimum: 1, maximum: 100 },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const check = ajv.compile(schema);

/**
 * PGlite (Postgres in WebAssembly) behind its wire-protocol socket server, so
 * a plain `pg` client talks to it as to Postgres: no server to install.
 * Limits: one backend serves all connections, one statement at a time; while
 * a connection holds a transaction or an open cursor (pg-query-stream), the
 * other connections' statements wait until it ends. COPY FROM STDIN does not
 * work over the socket (use `loadUsageTable`'s insert method, chosen
 * automatically). Query cancellation is ignored.
 */
export async function startEmbeddedSourceDb(options: EmbeddedSourceDbOptions = {}): Promise<EmbeddedSourceDb> {
  if (!check(options)) {
    throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, `invalid embedded source DB options: ${ajv.errorsText(check.errors)}`);
  }
  const { dataDir = 'memory', host = '127.0.0.1', port = 0, maxConnections = 8 } = options;
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dataDir === 'memory' ? undefined : dataDir);
    const server = new PGLiteSocketServer({ db, host, port, maxConnections });
    await server.start();
    // getServerConn() reports the port the OS picked when asked for 0.
    const conn = server.getServerConn();
    const boundPort = conn.slice(conn.lastIndexOf(':') + 1);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const opened = db;
    return {
      url: `postgres://postgres@${urlHost}:${boundPort}/postgres`,
      close: async () => {
        await server.stop();
        await opened.close();
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    throw sampleSourcesError(SampleSourcesErrorCode.SourceDbStartFailed, `embedded source DB did not start: ${(err as Error).message}`, {
      retriable: true,
      cause: err,
      context: { dataDir, host, port },
    });
  }
}
