/**
 * Environment variables whose values are secret wherever they appear: the CLI and the daemon
 * redact them from every message, log line and report.
 */
export const SECRET_VARIABLES: readonly string[] = [
  'CONFITURE_AUDIT_KEY',
  'CONFITURE_MASTER_KEY',
  'CONFITURE_MASTER_KEY_PREVIOUS',
  'CONFITURE_SEED',
  'VAULT_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AZURE_CLIENT_SECRET',
  'PGPASSWORD',
];
