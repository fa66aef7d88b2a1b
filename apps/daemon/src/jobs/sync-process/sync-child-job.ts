/**
 * What the sync process does once started (see `sync-child.ts`): the `start` message runs the job's
 * sync with `SyncRunner.runHere`, `interrupt` messages stop it, and the outcome is sent back.
 */
import 'reflect-metadata';
import { loadDaemonConfig } from '@confiture/domain';
import { runtimeSettings } from '../../config/runtime-settings';
import { SecretValues } from '../../logging/secret-values';
import { JobInterrupted, JobInterrupts } from '../job-interrupts';
import { SyncRunner } from '../sync-runner';
import { progressRelay } from './progress-relay';
import {
  serializeError,
  type ChildMessage,
  type ParentMessage,
  type StartMessage,
} from './sync-messages';

const interrupts = new JobInterrupts();
let jobId: string | undefined;

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
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

async function run({ task, configFile, view }: StartMessage): Promise<void> {
  const secrets = new SecretValues(process.env);
  const redact = (text: string) => secrets.redact(text);
  const progress = progressRelay((event) => void send({ type: 'event', event }));
  try {
    const config = loadDaemonConfig(configFile, process.env);
    const runner = new SyncRunner(config, runtimeSettings(process.env), secrets);
    const outcome =
      task === 'dry-run'
        ? await runner.dryRunSummaryHere(view)
        : await runner.runHere(view, {
            onEvent: (event) => progress.emit(event),
            stops: interrupts.forJob(view.id, config.shutdown.grace_seconds * 1000),
          });
    progress.flush();
    await send({ type: 'done', outcome });
  } catch (error) {
    progress.flush();
    await send(
      error instanceof JobInterrupted
        ? { type: 'interrupted', reason: error.reason }
        : { type: 'failed', error: serializeError(error, redact) },
    );
  }
  process.exit(0);
}
