// The `confiture` CLI is used through its binary (bin/run.js); its commands live in ./commands.
export { BaseCommand, exitCodeFor, renderError } from './base-command';
