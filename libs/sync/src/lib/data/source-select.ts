import { quoteIdent, quoteQualified } from '@confiture/domain';
import { chunkCondition, type ChunkRange } from '../plan/chunks';
import { ruleAppliedInStream, type TablePlan } from '../plan/plan';

/** Largest integer of a bigint, to map a 63-bit hash into [0, 1). */
const MAX_BIGINT = '9223372036854775807';

/**
 * The SELECT that reads one chunk of a table from the source: the copied columns in order (SQL
 * strategies evaluated in place and cast back to the column type), restricted by the profile's
 * filter, the chunk's key range and the sample.
 *
 * Sampling is deterministic: a row is kept when a hash of its key (or of the whole row, for a table
 * without a usable key) falls under the rate, so a resumed sync picks the same rows.
 */
export function chunkSelect(table: TablePlan, chunk: ChunkRange): string {
  const alias = 't';
  const select = selectList(table, alias);
  const where = [`(${chunkCondition(table.chunkKey, chunk, alias)})`];
  if (table.filter) where.push(`(${table.filter})`);
  const sample = samplePredicate(table, alias);
  if (sample) where.push(sample);
  return `SELECT ${select} FROM ONLY ${quoteQualified(table.name)} AS ${alias} WHERE ${where.join(' AND ')}`;
}

/** The copied columns in order, SQL strategies evaluated in place (rows read as `alias`). */
export function selectList(table: TablePlan, alias: string): string {
  return table.columns
    .map((c) =>
      c.sql !== undefined
        ? `(${c.sql})::${c.catalog.type} AS ${quoteIdent(c.name)}`
        : `${alias}.${quoteIdent(c.name)}`,
    )
    .join(', ');
}

/**
 * The COPY format a table's rows travel in: binary when its rows pass through untouched (no
 * strategy rewrites a column here; SQL strategies are part of the SELECT), source and target run
 * the same major version and every column's type is built in with binary I/O. Binary spares both
 * servers the text conversions: on 1M rows of the benchmark table, `COPY TO` took 0.34 s against
 * 0.42 s and `COPY FROM` 0.89–1.13 s against 1.13–1.28 s. Rows that strategies rewrite stay in
 * text: reading and writing binary tuples in JavaScript cost more (1.47–1.59 µs per row against
 * 1.36–1.43 µs for the benchmark's four rules) than the servers saved. Tried again with text-like
 * rewritten columns only and a leaner codec (as fast as text's): no faster end to end either (data
 * phase 2.21 s against 2.24 s, medians of 5 interleaved pairs); the process used more CPU.
 */
export function copyFormat(table: TablePlan, sameMajorVersion: boolean): 'text' | 'binary' {
  if (!sameMajorVersion) return 'text';
  for (const column of table.columns) {
    if (!column.catalog.binaryCopy) return 'text';
    if (ruleAppliedInStream(column)) return 'text';
  }
  return 'binary';
}

/** Whether a table must be read in one piece (its SQL strategies or sampling see the whole table). */
export function needsSingleChunk(table: TablePlan): boolean {
  return (
    table.columns.some((c) => c.sql !== undefined) ||
    table.sample?.method === 'stratified' ||
    table.sample?.method === 'time'
  );
}

function samplePredicate(table: TablePlan, alias: string): string | undefined {
  const sample = table.sample;
  if (!sample) return undefined;
  const rate = Number(sample.rate);
  if (!(rate > 0 && rate <= 1)) throw new Error(`invalid sample rate ${sample.rate}`);
  const hashed = table.chunkKey
    ? `${alias}.${quoteIdent(table.chunkKey)}::text`
    : `(${alias}.*)::text`;
  const keep = `((hashtextextended(${hashed}, 0) & ${MAX_BIGINT})::float8 / ${MAX_BIGINT} < ${rate})`;
  const source = `ONLY ${quoteQualified(table.name)}`;
  switch (sample.method) {
    case 'random':
      return keep;
    case 'stratified': {
      // Keep the rate within each stratum, and always at least one row of every stratum.
      const stratum = quoteIdent(sample.stratifyBy);
      return `(${keep} OR ${alias}.ctid = ANY (ARRAY(SELECT DISTINCT ON (${stratum}) ctid FROM ${source} ORDER BY ${stratum}, ctid)))`;
    }
    case 'time': {
      // Keep the most recent fraction of rows by the time column.
      const time = quoteIdent(sample.timeColumn);
      return `(${alias}.${time} >= (SELECT percentile_disc(${1 - rate}) WITHIN GROUP (ORDER BY ${time}) FROM ${source}))`;
    }
  }
}
