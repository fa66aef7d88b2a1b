import {
  COPY_BINARY_HEADER,
  COPY_BINARY_TRAILER,
  CopyBinarySplitter,
  countBinaryTuples,
} from './copy-binary';

/** One tuple: strings as UTF-8, buffers as they are, null as length -1. */
function tuple(fields: (string | Buffer | null)[]): Buffer {
  const parts: Buffer[] = [Buffer.from([fields.length >> 8, fields.length & 0xff])];
  for (const field of fields) {
    const length = Buffer.alloc(4);
    if (field === null) {
      length.writeInt32BE(-1);
      parts.push(length);
      continue;
    }
    const bytes = typeof field === 'string' ? Buffer.from(field, 'utf8') : field;
    length.writeInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

const id = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

describe('CopyBinarySplitter', () => {
  const body = Buffer.concat([
    tuple([id(1), 'alice', null]),
    tuple([id(2), 'zoë 😀', '']),
    tuple([id(0x0a0a), 'x'.repeat(300), 'b']),
  ]);
  const stream = Buffer.concat([COPY_BINARY_HEADER, body, COPY_BINARY_TRAILER]);

  it('returns whole tuples without header and trailer, however the stream is cut', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const splitter = new CopyBinarySplitter();
      const out = [splitter.push(stream.subarray(0, cut)), splitter.push(stream.subarray(cut))];
      expect(Buffer.concat(out.filter((b): b is Buffer => b !== undefined))).toEqual(body);
      expect(splitter.ended).toBe(true);
      expect(splitter.flush()).toBeUndefined();
    }
  });

  it('says a stream without its trailer is incomplete, and refuses one that is not binary', () => {
    const splitter = new CopyBinarySplitter();
    splitter.push(Buffer.concat([COPY_BINARY_HEADER, body]));
    expect(splitter.ended).toBe(false);
    expect(splitter.flush()).toBeDefined();
    expect(() => new CopyBinarySplitter().push(Buffer.from('1\talice\n'.repeat(4)))).toThrow(
      /binary format signature/,
    );
  });

  it('counts tuples', () => {
    expect(countBinaryTuples(body)).toBe(3);
    expect(() => countBinaryTuples(body.subarray(0, body.length - 1))).toThrow(/inside a tuple/);
  });
});
