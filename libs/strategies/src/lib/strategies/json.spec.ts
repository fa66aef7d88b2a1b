import { errorOf, transformOf } from '../../test-support/harness';

describe('json strategy', () => {
  const rules = [
    { path: '$.user.email', strategy: 'email' },
    { path: '$.items[*].phone', strategy: 'phone', mode: 'redact' },
    { path: '$..ssn', strategy: 'redact', replacement: '***' },
  ];
  const json = transformOf('json', { rules }, { columnType: 'jsonb' });

  it('changes only the selected values and leaves every other byte as it was', () => {
    const input =
      '{"user": {"email": "ann@corp.com", "n": 1.50, "big": 12345678901234567890}, "items": [{"phone": "+1 415 555 0132"}, {"phone": null}], "deep": {"x": [{"ssn": "123-45-6789"}]}}';
    const out = json(input)!;
    const email = /"email": "(user_[0-9a-f]{24}@anon\.local)"/.exec(out)![1];
    expect(out).toBe(
      `{"user": {"email": "${email}", "n": 1.50, "big": 12345678901234567890}, "items": [{"phone": "+1 415 000 0000"}, {"phone": null}], "deep": {"x": [{"ssn": "***"}]}}`,
    );
  });

  it('matches quoted keys and escapes output', () => {
    const out = transformOf('json', {
      rules: [{ path: '$["a \\"key"]', strategy: 'redact', replacement: 'say "hi"' }],
    })('{"a \\"key":"x","b":"y"}');
    expect(out).toBe('{"a \\"key":"say \\"hi\\"","b":"y"}');
  });

  it('reads a double-quoted key in a path as a JSON string', () => {
    const out = transformOf('json', {
      rules: [{ path: '$["line\\nbreak"]["caf\\u00e9"]', strategy: 'redact', replacement: '-' }],
    })('{"line\\nbreak":{"café":"x"},"linenbreak":{"café":"y"}}');
    expect(out).toBe('{"line\\nbreak":{"café":"-"},"linenbreak":{"café":"y"}}');
  });

  it('refuses text that is not JSON, naming the strategy', () => {
    expect(errorOf(() => json('{"user": ')).message).toBe(
      'json strategy: the value is not valid JSON',
    );
  });

  it('names the path when a nested strategy fails', () => {
    const j = transformOf('json', { rules: [{ path: '$.age', strategy: 'noise' }] });
    expect(errorOf(() => j('{"age": "old"}')).message).toBe(
      'json strategy at $.age: noise strategy: the value is not a finite number',
    );
  });
});
