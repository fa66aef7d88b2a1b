import type { GovernanceReport } from '@confiture/governance';
import type { SyncEvent, SyncReport } from '@confiture/domain';

const number = new Intl.NumberFormat('en-US');

/** `1,234,567` */
export function formatCount(n: number): string {
  return number.format(Math.round(n));
}

/** `850ms`, `12.3s`, `4m 05s` */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

interface TableProgress {
  table: string;
  rows: number;
  estimated: number;
  anonymized: number;
  started: number;
  finished?: number;
}

/**
 * Renders sync progress on stderr: on a terminal, a live block with one line per running table and
 * its rows/s, redrawn in place; elsewhere (CI, pipes), one plain line per phase and per finished
 * table. Never writes to stdout, which `--json` reserves.
 */
export class SyncProgress {
  private readonly tables = new Map<string, TableProgress>();
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly live = Boolean(process.stderr.isTTY) && process.env['TERM'] !== 'dumb',
  ) {}

  /** The event handler to give to `runSync`. */
  readonly handle = (event: SyncEvent): void => {
    switch (event.type) {
      case 'phase-started':
        this.line(`▸ ${event.phase}${event.detail ? `: ${event.detail}` : ''}`);
        if (event.phase === 'data' && this.live) this.timer = setInterval(() => this.redraw(), 250);
        break;
      case 'phase-finished':
        if (event.phase === 'data') this.stopLive();
        this.line(`  ${event.phase} done in ${formatDuration(event.durationMs)}`);
        break;
      case 'table-started':
        this.tables.set(event.table, {
          table: event.table,
          rows: 0,
          estimated: event.estimatedRows,
          anonymized: event.anonymized,
          started: Date.now(),
        });
        break;
      case 'rows-copied': {
        const table = this.tables.get(event.table);
        if (table) table.rows = event.totalRows;
        break;
      }
      case 'table-finished': {
        const table = this.tables.get(event.table);
        if (table) {
          table.rows = event.rows;
          table.finished = Date.now();
        }
        this.line(
          `  ✔ ${event.table}  ${formatCount(event.rows)} rows  ${formatDuration(event.durationMs)}${table && table.anonymized > 0 ? `  ${table.anonymized} column(s) anonymized` : ''}`,
        );
        break;
      }
      case 'step':
        if (!this.live) this.line(`  · ${event.description}`);
        break;
      case 'warning':
        this.line(`  ⚠ ${event.message}`);
        break;
    }
  };

  /** Stops redrawing (call when the sync ends, successfully or not). */
  stop(): void {
    this.stopLive();
  }

  private stopLive(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private line(text: string): void {
    this.clear();
    this.out.write(text + '\n');
    this.redraw();
  }

  private clear(): void {
    if (!this.live || this.drawnLines === 0) return;
    this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private redraw(): void {
    if (!this.live || !this.timer) return;
    this.clear();
    const running = [...this.tables.values()].filter((t) => t.finished === undefined);
    const lines = running.slice(0, 12).map((t) => {
      const seconds = Math.max((Date.now() - t.started) / 1000, 0.001);
      const percent =
        t.estimated > 0 ? ` ${Math.min(99, Math.floor((t.rows / t.estimated) * 100))}%` : '';
      return `  ⋯ ${t.table}  ${formatCount(t.rows)} rows${percent}  ${formatCount(t.rows / seconds)} rows/s`;
    });
    if (running.length > lines.length)
      lines.push(`  … and ${running.length - lines.length} more tables`);
    if (lines.length === 0) return;
    this.out.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }
}

/** The human summary printed after a sync or a dry run. */
export function renderReport(report: SyncReport, governance?: GovernanceReport): string {
  const lines: string[] = [];
  if (governance && governance.piiColumns.length > 0) {
    lines.push(`PII detected in the source: ${governance.piiColumns.length} columns`);
    for (const pii of governance.piiColumns) lines.push(`  ${pii.column} → ${pii.coverage}`);
  }
  if (report.status === 'dry-run') {
    lines.push(`Dry run: nothing was written to ${report.target}.`);
    lines.push(
      `Source ${report.source}: ${formatCount(report.source_database.tables)} tables, ${formatBytes(report.source_database.sizeBytes)}`,
    );
    for (const table of report.tables) {
      const notes = [
        table.excluded
          ? table.excludedBy === 'tables-flag'
            ? 'not selected (--tables): created empty'
            : 'excluded: created empty'
          : undefined,
        table.filtered ? 'filtered' : undefined,
        table.sampleRate !== undefined ? `sampled ${table.sampleRate * 100}%` : undefined,
      ].filter(Boolean);
      const rules = table.anonymized.map(
        (a) => `${a.column} → ${a.strategy === a.type ? a.type : `${a.strategy} (${a.type})`}`,
      );
      lines.push(
        `  ${table.table}${notes.length ? ` [${notes.join(', ')}]` : ''}${rules.length ? `: ${rules.join(', ')}` : ''}`,
      );
    }
    if (report.samples?.length) {
      lines.push('', 'Before → after, from a few source rows:');
      for (const sample of report.samples) {
        lines.push(
          `  ${sample.table}.${sample.column} (${sample.type})${sample.note ? `: ${sample.note}` : ''}`,
        );
        for (const s of sample.samples)
          lines.push(`    ${shorten(s.before)}  →  ${shorten(s.after)}`);
      }
    }
  } else {
    const anonymized = report.tables.reduce(
      (n, t) => n + (t.excluded ? 0 : t.anonymized.length),
      0,
    );
    lines.push(
      `✔ Synced ${formatCount(report.tables.filter((t) => !t.excluded).length)} tables, ${formatCount(report.tables.reduce((n, t) => n + t.rows, 0))} rows, ${anonymized} anonymized columns in ${formatDuration(report.durationMs)}${report.resumed ? ' (resumed)' : ''}`,
    );
    const excluded = report.tables.filter((t) => t.excluded).map((t) => t.table);
    if (excluded.length) lines.push(`  created empty: ${excluded.join(', ')}`);
    for (const t of report.tables.filter((t) => t.parentsIncluded > 0))
      lines.push(
        `  ${t.table}: ${formatCount(t.parentsIncluded)} rows added (referenced by copied rows)`,
      );
    const orphans = report.tables.filter((t) => t.orphansDropped > 0);
    for (const t of orphans)
      lines.push(
        `  ${t.table}: ${formatCount(t.orphansDropped)} rows dropped (their referenced rows were not copied)`,
      );
    if (report.verification) {
      lines.push(`Verification: ${report.verification.passed ? 'passed' : 'FAILED'}`);
      for (const check of report.verification.checks) {
        if (check.table === undefined || check.status !== 'passed') {
          const mark =
            check.status === 'passed'
              ? '✔'
              : check.status === 'failed'
                ? '✖'
                : check.status === 'warning'
                  ? '⚠'
                  : '·';
          lines.push(`  ${mark} ${check.detail}`);
        }
      }
    }
    if (report.auditEntry) lines.push(`Audit entry ${report.auditEntry} signed and appended.`);
  }
  // Warnings were printed as they happened.
  return lines.join('\n');
}

function shorten(value: string | null): string {
  if (value === null) return 'NULL';
  const single = value.replace(/\s+/g, ' ');
  return single.length > 70 ? `${single.slice(0, 67)}...` : single;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
