import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isConfitureError, loadDaemonConfig } from '@confiture/domain';
import { startDaemon } from './daemon';
import { runDemo } from './demo/demo';
import { rebuildProjections } from './rebuild';

const USAGE = `Usage:
  confiture-daemon --config <file>                 run the daemon (docs/daemon.md)
  confiture-daemon --config <file> --rebuild-projections
                                                   replay the event table into the jobs read model, then exit
  confiture-daemon --demo                          embedded PostgreSQL, demo shop, a schedule every minute
`;

/** The `confiture-daemon` command. */
export async function main(argv: string[]): Promise<void> {
  let values: { config?: string; demo?: boolean; help?: boolean; 'rebuild-projections'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        demo: { type: 'boolean' },
        'rebuild-projections': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`confiture-daemon: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  try {
    if (values.demo) {
      await runDemo();
      return;
    }
    if (!values.config) {
      process.stderr.write(`confiture-daemon: --config <file> is required\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const config = loadDaemonConfig(values.config, process.env);
    if (values['rebuild-projections']) {
      const jobs = await rebuildProjections(config);
      process.stdout.write(`rebuilt the read model of ${jobs} job(s) from their events\n`);
      return;
    }
    const daemon = await startDaemon(config);
    await untilSignal();
    await daemon.stop();
  } catch (error) {
    if (isConfitureError(error)) {
      process.stderr.write(`confiture-daemon: ${renderError(error)}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

/** `file:line:col path: message`, each detail on its own line, and the hint. */
function renderError(error: import('@confiture/domain').ConfitureError): string {
  const lines = [error.describe()];
  for (const detail of error.details) lines.push(`  ${detail.describe()}`);
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}

/** Resolves at the first SIGTERM or SIGINT. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
}
