import { SetMetadata } from '@nestjs/common';
import type { DaemonRole } from '@confiture/domain';

/** Metadata key of the least role a handler needs. */
export const ROLE_KEY = 'confiture:role';
/** Metadata key of handlers that need no token (health). */
export const PUBLIC_KEY = 'confiture:public';

/** The least role that may call this handler: viewer < operator < admin. */
export const RequiresRole = (role: DaemonRole) => SetMetadata(ROLE_KEY, role);

/** This handler needs no token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
