import { ConfitureError } from '@confiture/domain';
import { orderStatements } from './creation-order';
import type { SchemaNode } from './schema-node';
import type { SchemaObjectKind, SchemaPhase } from './schema-statement';

function node(
  key: string,
  kind: SchemaObjectKind,
  dependsOn: string[] = [],
  phase: SchemaPhase = 'pre-data',
): SchemaNode {
  return { key, dependsOn, statement: { phase, kind, object: key, sql: `-- ${key}` } };
}

const objects = (nodes: SchemaNode[]) => orderStatements(nodes).map((s) => s.object);

describe('orderStatements', () => {
  it('puts what is needed first, whatever the names say', () => {
    expect(
      objects([
        node('a_view', 'view', ['b_view']),
        node('b_view', 'view', ['c_table']),
        node('c_table', 'table'),
      ]),
    ).toEqual(['c_table', 'b_view', 'a_view']);
  });

  it('orders free statements by kind, then by name', () => {
    expect(
      objects([
        node('z_table', 'table'),
        node('a_table', 'table'),
        node('fn', 'function'),
        node('s', 'schema'),
      ]),
    ).toEqual(['s', 'fn', 'a_table', 'z_table']);
  });

  it('runs a statement as soon as what it needs exists', () => {
    // A function returning a table's row type waits for that table, and only for it.
    expect(objects([node('u', 'table'), node('f', 'function', ['t']), node('t', 'table')])).toEqual(
      ['t', 'f', 'u'],
    );
  });

  it('keeps all pre-data before post-data', () => {
    const ordered = orderStatements([
      node('pk', 'primary-key', ['t'], 'post-data'),
      node('t', 'table'),
      node('v', 'view', ['t']),
    ]);
    expect(ordered.map((s) => [s.object, s.phase])).toEqual([
      ['t', 'pre-data'],
      ['v', 'pre-data'],
      ['pk', 'post-data'],
    ]);
  });

  it('moves to post-data what needs a post-data object, and what needs that', () => {
    // A view grouping by a primary key needs the key; a comment on the view follows it.
    const ordered = orderStatements([
      node('t', 'table'),
      node('pk', 'primary-key', ['t'], 'post-data'),
      node('v', 'view', ['pk']),
      node('comment on v', 'comment', ['v']),
      node('fk', 'foreign-key', ['pk'], 'post-data'),
    ]);
    expect(ordered.map((s) => [s.object, s.phase])).toEqual([
      ['t', 'pre-data'],
      ['pk', 'post-data'],
      ['v', 'post-data'],
      ['fk', 'post-data'],
      ['comment on v', 'post-data'],
    ]);
  });

  it('refreshes materialized views last, in their creation order', () => {
    const refresh = (key: string, view: string): SchemaNode => ({
      ...node(key, 'refresh-materialized-view', [view], 'post-data'),
      inCreationOrderOf: view,
    });
    expect(
      objects([
        refresh('refresh a', 'a'),
        refresh('refresh b', 'b'),
        node('a', 'materialized-view', ['b']),
        node('b', 'materialized-view'),
        node('i', 'index', ['a'], 'post-data'),
      ]),
    ).toEqual(['b', 'a', 'i', 'refresh b', 'refresh a']);
  });

  it('ignores prerequisites that are not copied', () => {
    expect(objects([node('t', 'table', ['pg_type:23', 't'])])).toEqual(['t']);
  });

  it('names the objects of a dependency cycle', () => {
    const run = () => orderStatements([node('f', 'function', ['t']), node('t', 'table', ['f'])]);
    expect(run).toThrow(ConfitureError);
    expect(run).toThrow('circular dependency between 2 schema objects: function f, table t');
  });
});
