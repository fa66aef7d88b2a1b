import type { DaemonConfig } from '@confiture/domain';
import { ControlDatabase } from './control/control-database';
import { runtimeSettings } from './config/runtime-settings';
import { EventStore } from './jobs/event-store';

/** Replays the control database's event table into the jobs read model; returns the number of jobs. */
export async function rebuildProjections(config: DaemonConfig): Promise<number> {
  const control = new ControlDatabase(config, runtimeSettings());
  try {
    await control.migrate();
    return await new EventStore(control).rebuild();
  } finally {
    await control.onModuleDestroy();
  }
}
