/**
 * The sync process of one job (`jobs.isolation: process`), forked by its replica: it waits for a
 * `start` message, runs the job's sync as the replica would inline (`SyncRunner.runHere`), sends
 * progress and the outcome back over IPC, and exits. It runs at a lower priority, and exits at once
 * when the IPC channel closes: a replica killed with `kill -9` leaves no sync writing behind it.
 */
import { lowerPriority } from './priority';

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

// Only now the libraries and the sync, so that even loading them runs at the lower priority.
require('./sync-child-job');
