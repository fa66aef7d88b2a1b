import { readFileSync, statSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { ConfitureError } from './confiture-error';

/** Largest configuration file we read; a profile is a few KB, so this only stops accidents. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Most alias dereferences allowed; an alias bomb hits this limit instead of expanding. */
export const MAX_YAML_ALIASES = 100;

/** Tags of the YAML 1.2 core schema; every other explicit tag is refused. */
const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** Path of a value inside a YAML document, as keys and indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML document: plain data plus a way back to source positions. */
export interface ParsedYaml {
  value: unknown;
  file: string;
  /** The text that was parsed. */
  source: string;
  /** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
  locate(path: YamlPath): { line: number; col: number } | undefined;
}

/** Renders `['tables', 'users', 'anonymization', 0, 'strategy']` as `tables.users.anonymization[0].strategy`. */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out || '(root)';
}

/** Reads and parses a YAML file safely; see {@link parseYamlSafely}. */
export function readYamlFile(file: string): ParsedYaml {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ConfitureError('FILE_NOT_FOUND', `file not found: ${file}`, {
      file,
      hint: 'Check the path, relative to the current directory.',
    });
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfitureError(
      'YAML_UNSAFE',
      `file is ${size} bytes; the limit is ${MAX_CONFIG_BYTES}`,
      {
        file,
        hint: 'A configuration file this large is almost certainly not a Confiture profile.',
      },
    );
  }
  return parseYamlSafely(decodeUtf8(readFileSync(file), file), file);
}

/**
 * The file's text, refusing bytes that are not UTF-8 (YAML 1.2 files are Unicode; reading them
 * leniently would turn a Latin-1 `é` into U+FFFD and silently change a column name or a value).
 */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, bad);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const col = bad - (before.lastIndexOf(0x0a) + 1) + 1;
    throw new ConfitureError(
      'YAML_SYNTAX',
      `${file}:${line}:${col}: the file is not UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} at offset ${bad})`,
      {
        file,
        hint: 'Save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
      },
    );
  }
}

/** Offset of the first byte at which `bytes` stops being UTF-8 (fed one byte at a time). */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return sequenceStart(bytes, i);
    }
  }
  return sequenceStart(bytes, bytes.length);
}

/**
 * Where the bad sequence began: a byte that may start a character, seen where a continuation was
 * expected, means the sequence before it was cut short; point at that sequence's first byte.
 */
function sequenceStart(bytes: Buffer, at: number): number {
  const byte = bytes[at];
  if (byte !== undefined && (byte & 0xc0) === 0x80) return at;
  let start = at - 1;
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  return Math.max(start, 0);
}

/**
 * Parses YAML text with the core schema only: explicit tags such as `!!js/function` or
 * `!!python/object/apply` are refused (never resolved, never executed), duplicate keys are
 * refused, and alias expansion stops after {@link MAX_YAML_ALIASES} dereferences.
 */
export function parseYamlSafely(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const position = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntax = doc.errors[0];
  if (syntax) {
    throw new ConfitureError('YAML_SYNTAX', `invalid YAML: ${firstLine(syntax.message)}`, {
      file,
      ...position(syntax.pos[0]),
      hint: 'Fix the YAML syntax at the position shown.',
    });
  }
  // Point at the tag itself, which precedes the node it tags.
  refuseCustomTags(doc, file, (offset) => {
    if (offset === undefined) return {};
    let start = text.lastIndexOf('!', offset);
    while (start > 0 && text[start - 1] === '!') start--;
    return position(Math.max(0, start));
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw new ConfitureError(
      'YAML_UNSAFE',
      `YAML aliases expand too much (more than ${MAX_YAML_ALIASES} alias uses); refusing to expand them`,
      { file, cause: error, hint: 'Write the values out instead of nesting anchors and aliases.' },
    );
  }
  return {
    value,
    file,
    source: text,
    locate(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
      }
      return undefined;
    },
  };
}

function refuseCustomTags(
  doc: Document,
  file: string,
  position: (offset: number | undefined) => { line?: number; col?: number },
): void {
  visit(doc, (_key, node) => {
    if (!isNode(node) || !node.tag || ALLOWED_TAGS.has(node.tag)) return;
    const shown = node.tag.replace('tag:yaml.org,2002:', '!!');
    throw new ConfitureError('YAML_UNSAFE', `YAML tag ${shown} is not allowed`, {
      file,
      ...position(node.range?.[0]),
      hint: 'Profiles and environments are plain data: remove the tag. Custom tags are never resolved or executed.',
    });
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
