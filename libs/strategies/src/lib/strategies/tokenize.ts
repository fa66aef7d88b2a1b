import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import {
  declareContract,
  defineStrategy,
  optionsError,
  preparedWith,
  requireKeys,
} from '../strategy-definition';

/** Hex characters of a token: 128 bits. */
const TOKEN_CHARS = 32;

const options = strictObject({
  prefix: z.string().default('tok_').describe('Text put before every token.'),
});

/** Options of {@link tokenize}. */
export type TokenizeOptions = z.infer<typeof options>;

/** Deterministic token; the original goes to the token sink (the encrypted token vault). */
export const tokenize = defineStrategy<TokenizeOptions>({
  type: 'tokenize',
  description:
    'Replaces the value with a deterministic token `<prefix><32 hex of HMAC-SHA256>` and hands the original to the token store, where it is kept encrypted for authorised reversal.',
  options,
  accepts: ['text'],
  contract: declareContract({ reversible: true, injective: true, needsSeed: true }),
  maxOutputLength: (o) => Array.from(o.prefix).length + TOKEN_CHARS,
  create: (o, ctx) => {
    const hmac = requireKeys('tokenize', ctx).hmac('tokenize');
    const sink = ctx.tokenSink;
    if (!sink) {
      throw optionsError(
        'tokenize',
        `no token store for column ${ctx.column.name}: the originals could never be recovered`,
        'Run tokenize through the sync (which passes the token vault), or pass a tokenSink.',
      );
    }
    const prefix = o.prefix;
    const meta = { column: ctx.column.name };
    return preparedWith((value) => {
      if (value === null) return null;
      const token = prefix + hmac.hex(value, TOKEN_CHARS);
      sink.record(token, value, meta);
      return token;
    }, hmac);
  },
  example: { options: { prefix: 'tok_' }, input: 'ACC-00042' },
  notes: [
    'Collision bound: 128 bits, so 10 million distinct values collide with probability below 1.5·10⁻²⁵.',
    'Reversal goes through the token vault of @confiture/security (access levels, reasons, audit), never through this library.',
  ],
});
