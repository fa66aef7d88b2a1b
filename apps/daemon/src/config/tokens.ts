/** Injection token of the validated {@link DaemonConfig}. */
export const DAEMON_CONFIG = Symbol('DAEMON_CONFIG');
/** Injection token of the {@link RuntimeSettings}. */
export const RUNTIME = Symbol('RUNTIME');
