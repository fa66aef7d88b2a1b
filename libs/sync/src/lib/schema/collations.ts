import { quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/** `CREATE COLLATION` for user-defined collations (ICU, libc and, from PostgreSQL 17, builtin). */
export async function readCollations({ client, serverVersion }: ReadContext): Promise<SchemaPart> {
  // The ICU locale moved from colliculocale (15, 16) to colllocale (17+); rules arrived in 16.
  const locale =
    serverVersion >= 170000 ? 'c.colllocale' : serverVersion >= 150000 ? 'c.colliculocale' : 'NULL';
  const rules = serverVersion >= 160000 ? 'c.collicurules' : 'NULL';
  const { rows } = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    provider: string;
    deterministic: boolean;
    lc_collate: string | null;
    lc_ctype: string | null;
    locale: string | null;
    rules: string | null;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.collname AS name,
            c.collprovider::text AS provider, c.collisdeterministic AS deterministic,
            c.collcollate AS lc_collate, c.collctype AS lc_ctype, ${locale} AS locale,
            ${rules} AS rules, obj_description(c.oid, 'pg_collation') AS comment
       FROM pg_collation c
       JOIN pg_namespace n ON n.oid = c.collnamespace
      WHERE c.collprovider <> 'd' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_collation', 'c.oid')}`,
  );
  const nodes = rows.flatMap((row) => {
    const key = objectKey('pg_collation', row.oid);
    const name = qualified(row.schema, row.name);
    const options: string[] = [];
    if (row.provider === 'i') {
      options.push('provider = icu', `locale = ${quoteLiteral(row.locale ?? '')}`);
      if (row.rules) options.push(`rules = ${quoteLiteral(row.rules)}`);
    } else if (row.provider === 'b') {
      options.push('provider = builtin', `locale = ${quoteLiteral(row.locale ?? '')}`);
    } else {
      options.push(
        'provider = libc',
        `lc_collate = ${quoteLiteral(row.lc_collate ?? '')}`,
        `lc_ctype = ${quoteLiteral(row.lc_ctype ?? '')}`,
      );
    }
    if (!row.deterministic) options.push('deterministic = false');
    const object = label(row.schema, row.name);
    return [
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: {
          phase: 'pre-data' as const,
          kind: 'collation' as const,
          object,
          sql: `CREATE COLLATION ${name} (${options.join(', ')})`,
        },
      },
      ...commentNode(
        { key, sqlName: `COLLATION ${name}`, label: object, phase: 'pre-data' },
        row.comment,
      ),
    ];
  });
  return { nodes, represents: [] };
}
