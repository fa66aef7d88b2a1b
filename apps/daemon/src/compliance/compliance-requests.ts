import { strictObject } from '@confiture/domain';
import { REPORT_FORMATS } from '@confiture/compliance';
import { z } from 'zod';

/** `/compliance/reports/{regulation}`: the id is checked against the seven by the query (404). */
export const reportParams = strictObject({ regulation: z.string().min(1).max(64) });

/** `?env=&format=`: an environment by its configured name only, and one of the report formats. */
export const reportQuery = strictObject({
  env: z
    .string()
    .regex(
      /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/,
      'must be a configured environment name (letters, digits, "_", "." and "-")',
    ),
  format: z.enum(REPORT_FORMATS).default('json'),
});
