import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import { carryRecords } from '@confiture/security';
import { runAtomicSync, type AtomicSwapSettings, type TargetState } from '@confiture/sync';

/** What `--atomic-grace` and `--on-open-connections` set (the daemon's `atomic:` settings). */
export type AtomicSwapFlags = Pick<AtomicSwapSettings, 'graceSeconds' | 'onOpenConnections'>;

/**
 * `confiture sync --atomic`: runs `sync` into a new database beside `target` and swaps it in after
 * verification (see docs/sync.md). `--resume` continues the last unfinished atomic build; `swap`
 * says how long the target's clients get to leave at the swap and what happens to those who stay.
 */
export async function atomicSync<R>(
  target: ConnectionConfig,
  resume: boolean,
  confirm: (state: TargetState) => Promise<boolean>,
  sync: (into: ConnectionConfig, resume: boolean) => Promise<R>,
  swap: AtomicSwapFlags = {},
): Promise<R> {
  const outcome = await runAtomicSync({
    target,
    ...swap,
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
