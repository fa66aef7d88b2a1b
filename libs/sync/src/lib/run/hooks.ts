import type { Profile, SyncReport, VerificationCheck } from '@confiture/domain';
import type pg from 'pg';
import type { DatabaseCatalog } from '../catalog';
import type { SyncPlan } from '../plan/plan';

/** Context handed to hooks before anything is written. */
export interface BeforeWriteContext {
  profile: Profile;
  plan: SyncPlan;
  catalog: DatabaseCatalog;
  /** Read-only source session inside the sync's snapshot. */
  source: pg.ClientBase;
}

/** Context handed to hooks after the data is in the target. */
export interface AfterLoadContext extends BeforeWriteContext {
  target: pg.ClientBase;
  report: SyncReport;
}

/** Extension points for governance (detection, validators, extra verification). */
export interface SyncHooks {
  /** Runs after planning, before any write; throw a ConfitureError to stop. Returns warnings. */
  beforeWrite?(context: BeforeWriteContext): Promise<{ warnings?: string[] } | void>;
  /** Runs after the data and constraints are in the target; returns extra verification checks. */
  afterLoad?(
    context: AfterLoadContext,
  ): Promise<{ checks?: VerificationCheck[]; warnings?: string[] } | void>;
}
