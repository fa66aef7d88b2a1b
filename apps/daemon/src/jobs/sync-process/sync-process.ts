import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { ConfitureError } from '@confiture/domain';
import { JobInterrupted, type InterruptReason } from '../job-interrupts';
import type { JobView } from '../models/job-view';
import type { RunControls } from '../sync-runner';
import {
  deserializeError,
  type ChildMessage,
  type ParentMessage,
  type SyncTask,
} from './sync-messages';

/** The child's entry file, built beside this one. */
export const SYNC_CHILD = join(__dirname, 'sync-child.js');

/** How long a cancelled sync process gets to stop at its next event before it is killed. */
export const CANCEL_KILL_MS = 5_000;

/** What {@link runSyncProcess} needs. */
export interface SyncProcessOptions {
  task: SyncTask;
  view: JobView;
  /** The daemon configuration file the child reads (as this replica did at start-up). */
  configFile: string;
  /** The child's environment: this replica's, where its secrets are. */
  env: Readonly<Record<string, string | undefined>>;
  controls: RunControls;
  /** After a hand-over request, how long the child gets to hand the job back before it is killed. */
  handoverKillMs: number;
  /** Drops the job's atomic build (after a cancelled child had to be killed). */
  dropBuild: () => Promise<boolean>;
}

/**
 * Runs `task` (the dry run or the sync) of `view` in a child process (`sync-child.js`), so that
 * its CPU and its event loop are not the API's. The child gets only the configuration file and the job's view, resolves the
 * connections and secrets itself, and sends back progress, then its outcome or error. Stop requests
 * go to it as messages; a child that does not stop in time is killed (the sync resumes from what was
 * committed; a cancelled atomic build is dropped here).
 */
export function runSyncProcess<T>(options: SyncProcessOptions): Promise<T> {
  const { view, controls } = options;
  const logger = new Logger('SyncProcess');
  const child = fork(SYNC_CHILD, [], {
    env: options.env as NodeJS.ProcessEnv,
    execArgv: process.execArgv.filter((arg) => !arg.startsWith('--inspect')),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  logger.log({ job: view.id, task: options.task, syncPid: child.pid }, 'sync process started');
  // Whatever a library prints goes to the log (redacted there), never to the replica's stdout.
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as [Readable | null, string][]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) =>
      logger.warn(
        { job: view.id, syncPid: child.pid, [name]: line.slice(0, 2000) },
        'sync process output',
      ),
    );
  }
  const send = (message: ParentMessage) => {
    if (child.connected) child.send(message, () => undefined);
  };
  return new Promise<T>((resolve, reject) => {
    let result: { outcome: T } | { error: Error } | undefined;
    let killedFor: InterruptReason | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let killReason: InterruptReason | undefined;
    const kill = (reason: InterruptReason) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      logger.warn(
        { job: view.id, syncPid: child.pid, reason },
        'sync process did not stop: killed',
      );
      killedFor = reason;
      child.kill('SIGKILL');
    };
    const unwatch = controls.stops.watch((reason) => {
      send({ type: 'interrupt', reason });
      // A cancel shortens a hand-over's wait, never the other way round.
      if (killReason === 'cancel') return;
      clearTimeout(killTimer);
      killReason = reason;
      killTimer = setTimeout(
        () => kill(reason),
        reason === 'cancel' ? CANCEL_KILL_MS : options.handoverKillMs,
      );
    });
    child.on('message', (message: ChildMessage) => {
      if (result) return;
      if (message.type === 'event') controls.onEvent(message.event);
      else if (message.type === 'done') result = { outcome: message.outcome as T };
      else if (message.type === 'failed') result = { error: deserializeError(message.error) };
      else if (message.type === 'interrupted')
        result = { error: new JobInterrupted(message.reason) };
    });
    child.once('error', (error) => {
      const failure = new ConfitureError('INTERNAL', `the sync process failed: ${error.message}`);
      result ??= { error: failure };
      // A process that could not be started never closes.
      if (child.pid === undefined) {
        clearTimeout(killTimer);
        unwatch();
        reject(failure);
      }
    });
    // 'close', not 'exit': it comes after the last message of the IPC channel.
    child.once('close', (code, signal) => {
      clearTimeout(killTimer);
      unwatch();
      void (async () => {
        if (result && 'outcome' in result) return resolve(result.outcome);
        if (result) return reject(result.error);
        if (killedFor) {
          if (killedFor === 'cancel' && view.mode === 'atomic') {
            await options.dropBuild().catch((error: Error) => {
              logger.error(
                { job: view.id, err: { message: error.message } },
                'could not drop the new copy of a cancelled atomic job',
              );
            });
          }
          return reject(new JobInterrupted(killedFor));
        }
        logger.error(
          { job: view.id, syncPid: child.pid, code, signal },
          'sync process ended without a result',
        );
        reject(
          new ConfitureError(
            'SYNC_FAILED',
            `the sync process ended without a result (${signal ?? `exit code ${code}`})`,
            {
              hint: 'See the log of this replica; the sync resumes from what it committed when the job is run again.',
            },
          ),
        );
      })();
    });
    send({ type: 'start', task: options.task, configFile: options.configFile, view });
  });
}
