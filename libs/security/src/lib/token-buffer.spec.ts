import { TokenBuffer } from './token-buffer';
import type { TokenEntry } from './token-vault';

describe('TokenBuffer', () => {
  it('keeps each token of a column once and hands them over in one batch on flush', async () => {
    const batches: TokenEntry[][] = [];
    const buffer = new TokenBuffer(
      { storeTokens: async (entries) => (batches.push([...entries]), { stored: entries.length }) },
      'public.users',
      { flushAt: 3 },
    );
    buffer.record('tok_a', 'alice@example.com', { column: 'email' });
    buffer.record('tok_a', 'alice@example.com', { column: 'email' });
    buffer.record('tok_a', 'alice@example.com', { column: 'backup_email' });
    expect(buffer.pending).toBe(2);
    expect(buffer.shouldFlush).toBe(false);
    buffer.record('tok_b', 'bob@example.com', { column: 'email' });
    expect(buffer.shouldFlush).toBe(true);
    await buffer.flush();
    expect(batches).toEqual([
      [
        { token: 'tok_a', original: 'alice@example.com', table: 'public.users', column: 'email' },
        {
          token: 'tok_a',
          original: 'alice@example.com',
          table: 'public.users',
          column: 'backup_email',
        },
        { token: 'tok_b', original: 'bob@example.com', table: 'public.users', column: 'email' },
      ],
    ]);
    expect(buffer.pending).toBe(0);
    expect(buffer.stored).toBe(3);
    await buffer.flush();
    expect(batches).toHaveLength(1);
  });
});
