import { APPROVAL_MODES, strictObject, SYNC_MODES } from '@confiture/domain';
import { z } from 'zod';
import { JOB_STATUSES } from './models/job-status';

const configuredName = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/,
    'must be a configured name (letters, digits, "_", "." and "-")',
  );

/** `POST /jobs`: environments and profile by their configured names only; unknown fields refused. */
export const createJobBody = strictObject({
  from: configuredName,
  to: configuredName,
  profile: configuredName,
  approval: z.enum(APPROVAL_MODES).default('auto'),
  mode: z.enum(SYNC_MODES).default('in_place'),
});

/** `/jobs/{id}`. */
export const jobIdParams = strictObject({ id: z.uuid() });

/** `GET /jobs?status=`. */
export const listJobsQuery = strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `/schedules/{name}`. */
export const scheduleParams = strictObject({ name: configuredName });

/** A mutating call without a body takes none: an empty or absent body only. */
export const emptyBody = strictObject({}).optional();
