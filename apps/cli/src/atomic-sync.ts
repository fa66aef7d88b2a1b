import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import { carryRecords } from '@confiture/security';
import { runAtomicSync, type TargetState } from '@confiture/sync';

/**
 * `confiture sync --atomic`: runs `sync` into a new database beside `target` and swaps it in after
 * verification (see docs/sync.md). `--resume` continues the last unfinished atomic build.
 */
export async function atomicSync<R>(
  target: ConnectionConfig,
  resume: boolean,
  confirm: (state: TargetState) => Promise<boolean>,
  sync: (into: ConnectionConfig, resume: boolean) => Promise<R>,
): Promise<R> {
  const outcome = await runAtomicSync({
    target,
    // One build per target for the CLI: --resume finds the database an interrupted run left.
    key: `cli:${target.database}`,
    carryRecords,
    resume,
    confirmReplace: (state) => confirm(state),
    sync: (building, run) => sync(building, run.resume),
    onStep: (line) => process.stderr.write(`${line}\n`),
  });
  if (outcome.alreadySwapped) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `there is no unfinished atomic refresh of ${target.label} to resume: the last one was swapped in`,
      { hint: 'Run the sync without --resume.' },
    );
  }
  return outcome.result;
}
