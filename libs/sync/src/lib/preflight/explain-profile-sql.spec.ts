import { withoutLiterals } from './explain-profile-sql';

describe('withoutLiterals', () => {
  it("removes the filter's string literals the server quoted, and keeps identifiers", () => {
    expect(
      withoutLiterals(
        'invalid input syntax for type integer: "ceo@corp.example"',
        "email <> 'ceo@corp.example'::int",
      ),
    ).toBe('invalid input syntax for type integer: "…"');
    expect(withoutLiterals('column "regionx" does not exist', "regionx = 'x'")).toBe(
      'column "regionx" does not exist',
    );
    expect(withoutLiterals('bad value: "it\'s"', "v = 'it''s'::date")).toBe('bad value: "…"');
  });
});
