/** A PostgreSQL server a test run can use; `stop()` stops it only if this run started it. */
export interface TestServer {
  url: string;
  source: 'env' | 'embedded';
  stop(): Promise<void>;
}

/** A private embedded PostgreSQL cluster owned by a child process. */
export interface EmbeddedServer {
  url: string;
  port: number;
  version: string;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/** A database created for one test. */
export interface TestDatabase {
  name: string;
  /** Connection string of the new database. */
  url: string;
  /** Connection string of the server's maintenance database. */
  serverUrl: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** A test database with a connected client; `drop()` closes the client, then drops the database. */
export interface ConnectedTestDatabase extends TestDatabase {
  client: import('pg').Client;
}

/** Creates a fresh database on the test server and connects a client to it. */
export function connectTestDatabase(options?: {
  serverUrl?: string;
  prefix?: string;
}): Promise<ConnectedTestDatabase>;

/** The connection string the environment asks for: DATABASE_URL, else the libpq PG* variables. */
export function serverUrlFromEnv(env?: NodeJS.ProcessEnv): string | undefined;
/** Whether a server answers `SELECT 1` at `url` within `timeoutMs`. */
export function isReachable(url: string, timeoutMs?: number): Promise<boolean>;
/** DATABASE_URL / PG* when set and reachable, else a new embedded cluster. */
export function acquireServer(options?: { log?: (line: string) => void }): Promise<TestServer>;
/** Starts a private embedded PostgreSQL 18 cluster. */
export function startEmbeddedPostgres(options?: {
  log?: (line: string) => void;
}): Promise<EmbeddedServer>;
/** Creates a fresh database on the test server (DATABASE_URL unless `serverUrl` is given). */
export function createTestDatabase(options?: {
  serverUrl?: string;
  prefix?: string;
}): Promise<TestDatabase>;
/** `url` with its password replaced by `***`. */
export function redactUrl(url: string): string;
/** `url` pointing at database `name` instead. */
export function withDatabaseName(url: string, name: string): string;
