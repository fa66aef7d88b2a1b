export {
  connectionError,
  openConnection,
  pgClientConfig,
  type ConnectionRole,
  type OpenConnectionOptions,
} from './lib/connection';
