import { createHash, randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { AuditKey, appendAuditEntry, ensureSecuritySchema } from '@confiture/security';
import type { RuntimeSettings } from '../config/runtime-settings';
import { RUNTIME } from '../config/tokens';
import { ControlDatabase } from './control-database';

/** One mutating API call, as the audit log keeps it. */
export interface ApiCall {
  method: string;
  route: string;
  /** The configured name of the token that made the call. */
  token: string;
  role: string;
  status: number;
  jobId?: string;
  body: unknown;
  startedAt: Date;
}

/**
 * The control database's own signed, hash-chained audit log (`@confiture/security`'s audit log in
 * its `confiture` schema): one entry per mutating API call, naming the token, signed with
 * CONFITURE_AUDIT_KEY. `confiture audit verify --env <control>` verifies it.
 */
@Injectable()
export class ApiAuditLog {
  private readonly key: AuditKey;
  private readonly osUser: string;

  constructor(
    private readonly control: ControlDatabase,
    @Inject(RUNTIME) runtime: RuntimeSettings,
  ) {
    this.key = AuditKey.fromEnv(runtime.env);
    this.osUser = safeUser();
  }

  /** Creates the security schema in the control database (idempotent). */
  async prepare(): Promise<void> {
    const client = await this.control.pool.connect();
    try {
      await ensureSecuritySchema(client);
    } finally {
      client.release();
    }
  }

  /** Appends the call to the log. */
  async record(call: ApiCall): Promise<void> {
    const client = await this.control.pool.connect();
    try {
      const finished = new Date();
      const body = JSON.stringify(call.body ?? null);
      await appendAuditEntry(
        client,
        {
          runId: call.jobId ?? randomUUID(),
          osUser: this.osUser,
          principal: `api token ${call.token}`,
          host: hostname(),
          source: 'confiture-daemon api',
          target: `${call.method} ${call.route}`,
          profile: { name: 'api-call', sha256: createHash('sha256').update(body).digest('hex') },
          tables: [],
          rowsPerTable: {},
          strategies: {},
          verification: {
            token: call.token,
            role: call.role,
            status: call.status,
            body: call.body ?? null,
          },
          startedAt: call.startedAt.toISOString(),
          finishedAt: finished.toISOString(),
          status: call.status < 400 ? 'succeeded' : 'failed',
        },
        this.key,
      );
    } finally {
      client.release();
    }
  }
}

function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
