/**
 * PostgreSQL COPY binary format (`COPY ... WITH (FORMAT binary)`): a 19-byte header (signature,
 * flags, header-extension length) plus the extension, then one tuple after another — a 16-bit
 * field count, then per field a 32-bit byte length (-1 for NULL) and that many bytes of the type's
 * binary form — and a 16-bit -1 as trailer. Nothing is escaped: the binary form of `text`,
 * `varchar` and `char(n)` is the string's bytes in the client encoding.
 */

/** Signature, flags 0, header extension length 0: what a writer puts before its first tuple. */
export const COPY_BINARY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/** The field count -1 that ends the tuples. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** `PGCOPY\n\377\r\n\0`: the first 11 bytes of the header. */
const SIGNATURE = COPY_BINARY_HEADER.subarray(0, 11);
const HEADER_BYTES = COPY_BINARY_HEADER.length;

/**
 * End of the tuple starting at `at` of `data` (its last byte + 1), -1 when the data ends inside it,
 * or -2 when `at` holds the trailer.
 */
function tupleEnd(data: Buffer, at: number): number {
  if (at + 2 > data.length) return -1;
  const fields = (data[at]! << 8) | data[at + 1]!;
  if (fields === 0xffff) return -2;
  let position = at + 2;
  for (let field = 0; field < fields; field++) {
    if (position + 4 > data.length) return -1;
    const length = data.readInt32BE(position);
    position += 4;
    if (length > 0) position += length;
  }
  return position <= data.length ? position : -1;
}

/** Number of tuples in a buffer of whole COPY binary tuples (no header, no trailer). */
export function countBinaryTuples(data: Buffer): number {
  let rows = 0;
  for (let at = 0; at < data.length; rows++) {
    const end = tupleEnd(data, at);
    if (end < 0) throw new Error(`COPY binary data ends inside a tuple at byte ${at}`);
    at = end;
  }
  return rows;
}

/**
 * Cuts a COPY binary stream into pieces of whole tuples, without its header and trailer (a writer
 * puts {@link COPY_BINARY_HEADER} and {@link COPY_BINARY_TRAILER} around them). Feed it chunks as
 * they arrive; it returns the complete tuples seen so far and keeps the incomplete tail.
 */
export class CopyBinarySplitter {
  private tail: Buffer | undefined;
  private headerSeen = false;
  /** Whether the trailer has been read: the stream is complete. */
  ended = false;

  /** Complete tuples from the data seen so far, or undefined if none yet. */
  push(chunk: Buffer): Buffer | undefined {
    let data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    this.tail = undefined;
    if (this.ended) {
      if (data.length > 0) throw new Error('COPY binary data continues after its trailer');
      return undefined;
    }
    if (!this.headerSeen) {
      if (data.length < HEADER_BYTES) {
        this.tail = data;
        return undefined;
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        throw new Error('the COPY stream does not start with the binary format signature');
      }
      const extension = data.readUInt32BE(HEADER_BYTES - 4);
      if (data.length < HEADER_BYTES + extension) {
        this.tail = data;
        return undefined;
      }
      data = data.subarray(HEADER_BYTES + extension);
      this.headerSeen = true;
    }
    let at = 0;
    for (;;) {
      const end = tupleEnd(data, at);
      if (end === -1) break;
      if (end === -2) {
        this.ended = true;
        if (at + 2 < data.length) throw new Error('COPY binary data continues after its trailer');
        return at > 0 ? data.subarray(0, at) : undefined;
      }
      at = end;
    }
    if (at < data.length) this.tail = data.subarray(at);
    return at > 0 ? data.subarray(0, at) : undefined;
  }

  /** Bytes left over (an incomplete tuple, or a stream without its trailer); none when complete. */
  flush(): Buffer | undefined {
    const rest = this.tail;
    this.tail = undefined;
    if (rest && rest.length > 0) return rest;
    return this.ended ? undefined : Buffer.alloc(0);
  }
}
