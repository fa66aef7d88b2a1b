export {
  findTable,
  isUniqueColumn,
  readCatalog,
  SYSTEM_SCHEMAS,
  tableLabel,
  type CatalogColumn,
  type CatalogForeignKey,
  type CatalogTable,
  type DatabaseCatalog,
  type TypeCategory,
} from './lib/catalog';
export {
  connectionError,
  openConnection,
  pgClientConfig,
  type ConnectionRole,
  type OpenConnectionOptions,
} from './lib/connection';
