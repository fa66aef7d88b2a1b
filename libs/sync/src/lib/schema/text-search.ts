import { quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { groupBy } from './group-by';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

interface TextSearchRow {
  oid: number;
  schema_oid: number;
  schema: string;
  name: string;
  /** The `( ... )` options of its CREATE statement, in pg_dump's order. */
  options: string;
  comment: string | null;
}

/** The four kinds of text search objects: catalog, SQL name, and the options of each. */
const KINDS = [
  {
    catalog: 'pg_ts_parser',
    sql: 'TEXT SEARCH PARSER',
    prefix: 'prs',
    options: `'START = ' || p.prsstart::regproc || ', GETTOKEN = ' || p.prstoken::regproc
               || ', END = ' || p.prsend::regproc
               || CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline::regproc ELSE '' END
               || ', LEXTYPES = ' || p.prslextype::regproc`,
  },
  {
    catalog: 'pg_ts_template',
    sql: 'TEXT SEARCH TEMPLATE',
    prefix: 'tmpl',
    options: `CASE WHEN p.tmplinit <> 0 THEN 'INIT = ' || p.tmplinit::regproc || ', ' ELSE '' END
               || 'LEXIZE = ' || p.tmpllexize::regproc`,
  },
  {
    catalog: 'pg_ts_dict',
    sql: 'TEXT SEARCH DICTIONARY',
    prefix: 'dict',
    options: `(SELECT 'TEMPLATE = ' || quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname)
                 FROM pg_ts_template t JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
                WHERE t.oid = p.dicttemplate)
               || COALESCE(', ' || p.dictinitoption, '')`,
  },
  {
    catalog: 'pg_ts_config',
    sql: 'TEXT SEARCH CONFIGURATION',
    prefix: 'cfg',
    options: `(SELECT 'PARSER = ' || quote_ident(pn.nspname) || '.' || quote_ident(pp.prsname)
                 FROM pg_ts_parser pp JOIN pg_namespace pn ON pn.oid = pp.prsnamespace
                WHERE pp.oid = p.cfgparser)`,
  },
] as const;

/**
 * Text search parsers, templates, dictionaries and configurations (with their token mappings, one
 * `ALTER TEXT SEARCH CONFIGURATION ... ADD MAPPING` per token type, dictionaries in their order).
 */
export async function readTextSearch({ client }: ReadContext): Promise<SchemaPart> {
  const nodes: SchemaNode[] = [];
  for (const kind of KINDS) {
    const { rows } = await client.query<TextSearchRow>(
      `SELECT p.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema,
              p.${kind.prefix}name AS name, ${kind.options} AS options,
              obj_description(p.oid, '${kind.catalog}') AS comment
         FROM ${kind.catalog} p
         JOIN pg_namespace n ON n.oid = p.${kind.prefix}namespace
        WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition(kind.catalog, 'p.oid')}`,
    );
    for (const row of rows) {
      const key = objectKey(kind.catalog, row.oid);
      const name = qualified(row.schema, row.name);
      const object = label(row.schema, row.name);
      nodes.push(
        {
          key,
          dependsOn: [objectKey('pg_namespace', row.schema_oid)],
          statement: {
            phase: 'pre-data',
            kind: 'text-search',
            object,
            sql: `CREATE ${kind.sql} ${name} (${row.options})`,
          },
        },
        ...commentNode(
          { key, sqlName: `${kind.sql} ${name}`, label: object, phase: 'pre-data' },
          row.comment,
        ),
      );
      if (kind.catalog === 'pg_ts_config') nodes.push(...(await mappingNodes(client, row)));
    }
  }
  return { nodes, represents: [] };
}

async function mappingNodes(client: pg.ClientBase, config: TextSearchRow): Promise<SchemaNode[]> {
  const { rows } = await client.query<{ token: string; dictionary: string; dict_oid: number }>(
    `SELECT t.alias AS token, quote_ident(dn.nspname) || '.' || quote_ident(d.dictname) AS dictionary,
            d.oid::int AS dict_oid
       FROM pg_ts_config_map m
       JOIN pg_ts_config c ON c.oid = m.mapcfg
       JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
       JOIN pg_ts_dict d ON d.oid = m.mapdict
       JOIN pg_namespace dn ON dn.oid = d.dictnamespace
      WHERE m.mapcfg = $1
      ORDER BY t.alias, m.mapseqno`,
    [config.oid],
  );
  const key = objectKey('pg_ts_config', config.oid);
  return [...groupBy(rows, (row) => row.token)].map(([token, dictionaries]) => ({
    key: `mapping:${key}:${token}`,
    dependsOn: [key, ...dictionaries.map((d) => objectKey('pg_ts_dict', d.dict_oid))],
    statement: {
      phase: 'pre-data',
      kind: 'text-search',
      object: `${label(config.schema, config.name)} for ${token}`,
      sql: `ALTER TEXT SEARCH CONFIGURATION ${qualified(config.schema, config.name)} ADD MAPPING FOR ${quoteIdent(
        token,
      )} WITH ${dictionaries.map((d) => d.dictionary).join(', ')}`,
    },
  }));
}
