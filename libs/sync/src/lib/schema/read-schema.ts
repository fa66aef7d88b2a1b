import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { serverVersionNum } from '../connection';
import { readAccessMethods } from './access-methods';
import { readBaseTypes } from './base-types';
import { readCasts } from './casts';
import { readCollations } from './collations';
import { readColumnSettings } from './column-settings';
import { readConstraints } from './constraints';
import { readConversions } from './conversions';
import { orderStatements } from './creation-order';
import { readExtensions } from './extensions';
import { readForeignDataWrappers } from './foreign-data-wrappers';
import { readForeignServers } from './foreign-servers';
import { readFunctions } from './functions';
import { readIndexes } from './indexes';
import { readLanguages } from './languages';
import { linkDependencies } from './object-dependencies';
import { readOperatorClasses } from './operator-classes';
import { readOperatorFamilies } from './operator-families';
import { readOperators } from './operators';
import { readRowSecurity } from './row-security';
import { readRules } from './rules';
import type { ReadContext, SchemaPart } from './schema-node';
import type { SchemaStatement } from './schema-statement';
import { readSchemas } from './schemas';
import { readSequences } from './sequences';
import { DEPARSE_SETTINGS, withSessionSettings } from './session-settings';
import { readStatistics } from './statistics';
import { readTableSettings } from './table-settings';
import { readTables } from './tables';
import { readTextSearch } from './text-search';
import { readTransforms } from './transforms';
import { readTriggers } from './triggers';
import { readTypes } from './types';
import { readViews } from './views';

/** Oldest source server the catalog queries are written for. */
const MIN_SERVER_VERSION = 140000;

/**
 * One reader per kind of object, each a file of this folder. What none of them copies is listed by
 * skipped-objects.ts; every-object-kind.int.spec.ts checks the two against pg_dump.
 */
const READERS: ReadonlyArray<(context: ReadContext) => Promise<SchemaPart>> = [
  readSchemas,
  readExtensions,
  readLanguages,
  readCollations,
  readTypes,
  readBaseTypes,
  readFunctions,
  readOperators,
  readAccessMethods,
  readOperatorFamilies,
  readOperatorClasses,
  readConversions,
  readCasts,
  readTransforms,
  readTextSearch,
  readForeignDataWrappers,
  readForeignServers,
  readSequences,
  readTables,
  readColumnSettings,
  readTableSettings,
  readViews,
  readConstraints,
  readIndexes,
  readTriggers,
  readRules,
  readRowSecurity,
  readStatistics,
];

/**
 * Reads the source's schema from its catalog and returns the DDL that recreates it, like
 * `pg_dump --schema-only --no-owner --no-acl` without pg_dump: pre-data statements in a valid
 * creation order, then post-data ones. Only reads; run it in the snapshot transaction the data is
 * copied from so that both agree.
 */
export async function readSchema(source: pg.ClientBase): Promise<SchemaStatement[]> {
  const serverVersion = await serverVersionNum(source);
  if (serverVersion < MIN_SERVER_VERSION) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `the source runs PostgreSQL ${Math.floor(serverVersion / 10000)}; the schema copy needs 14 or newer`,
      { hint: 'Upgrade the source, or copy its schema with pg_dump --schema-only first.' },
    );
  }
  // Deparsed SQL names every object with its schema, and writes dates and numbers unambiguously.
  return withSessionSettings(source, DEPARSE_SETTINGS, async () => {
    const context: ReadContext = { client: source, serverVersion };
    const nodes = [];
    const represents = new Map<string, string>();
    const redirects: Array<[string, string, string]> = [];
    for (const read of READERS) {
      const part = await read(context);
      nodes.push(...part.nodes);
      for (const [object, node] of part.represents) represents.set(object, node);
      redirects.push(...(part.redirects ?? []));
    }
    await linkDependencies(context, nodes, represents, redirects);
    return orderStatements(nodes);
  });
}
