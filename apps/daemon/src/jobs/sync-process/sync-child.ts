/**
 * The sync process of one job (`jobs.isolation: process`), forked by its replica: it waits for a
 * `start` message, runs the job's sync as the replica would inline (`SyncRunner.runHere`), sends
 * progress and the outcome back over IPC, and exits. It runs at a lower priority, and exits at once
 * when the IPC channel closes: a replica killed with `kill -9` leaves no sync writing behind it.
 */
import 'reflect-metadata';
import { loadDaemonConfig } from '@confiture/domain';
import { runtimeSettings } from '../../config/runtime-settings';
import { SecretValues } from '../../logging/secret-values';
import { JobInterrupted, JobInterrupts } from '../job-interrupts';
import { SyncRunner } from '../sync-runner';
import { lowerPriority } from './priority';
import {
  serializeError,
  type ChildMessage,
  type ParentMessage,
  type StartMessage,
} from './sync-messages';

/** The exit code of a sync process whose replica went away. */
const ORPHANED_EXIT_CODE = 70;
const parentPid = process.ppid;
// Nothing of the sync may outlive the replica that started it: the channel closes when it dies
// (kill -9 included), and the parent pid changes if the close went unnoticed.
process.on('disconnect', () => process.exit(ORPHANED_EXIT_CODE));
setInterval(() => {
  if (!process.connected || process.ppid !== parentPid) process.exit(ORPHANED_EXIT_CODE);
}, 500).unref();
lowerPriority();

const interrupts = new JobInterrupts();
let jobId: string | undefined;

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });

process.on('message', (message: ParentMessage) => {
  if (message.type === 'start' && jobId === undefined) {
    jobId = message.view.id;
    void run(message);
  } else if (message.type === 'interrupt' && jobId !== undefined) {
    interrupts.request(jobId, message.reason);
  }
});
// The replica decides when its jobs stop: a terminal's Ctrl-C reaches the whole process group, and
// a SIGTERM sent to the group is a hand-over, as it is for the replica.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => {
  if (jobId !== undefined) interrupts.request(jobId, 'handover');
});

async function run({ configFile, view }: StartMessage): Promise<void> {
  const secrets = new SecretValues(process.env);
  const redact = (text: string) => secrets.redact(text);
  try {
    const config = loadDaemonConfig(configFile, process.env);
    const runner = new SyncRunner(config, runtimeSettings(process.env), secrets);
    const outcome = await runner.runHere(view, {
      onEvent: (event) => void send({ type: 'event', event }),
      stops: interrupts.forJob(view.id, config.shutdown.grace_seconds * 1000),
    });
    await send({ type: 'done', outcome });
  } catch (error) {
    await send(
      error instanceof JobInterrupted
        ? { type: 'interrupted', reason: error.reason }
        : { type: 'failed', error: serializeError(error, redact) },
    );
  }
  process.exit(0);
}
