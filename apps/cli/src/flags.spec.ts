import { ConfitureError } from '@confiture/domain';
import { parseDurationSeconds } from './flags';

describe('parseDurationSeconds', () => {
  it('reads seconds with or without a unit, and ms, m, h', () => {
    const of = (input: string) => parseDurationSeconds(input, '--atomic-grace', 3600);
    expect(['0', '30', '30s', '0.5', '500ms', '2m', '1h', ' 10 s '].map(of)).toEqual([
      0, 30, 30, 0.5, 0.5, 120, 3600, 10,
    ]);
  });

  it('refuses what is not a duration, naming the flag and the value', () => {
    for (const input of ['', 'soon', '-5', '5x', '1m30s', '1e3']) {
      expect(() => parseDurationSeconds(input, '--atomic-grace', 3600)).toThrow(
        new ConfitureError('INPUT_INVALID', `--atomic-grace: "${input}" is not a duration`),
      );
    }
  });

  it('refuses a duration above the bound', () => {
    expect(() => parseDurationSeconds('61m', '--atomic-grace', 3600)).toThrow(
      '--atomic-grace: 61m is longer than 3600 s',
    );
  });
});
