import { defaultTransformThreads, defaultWorkers } from './parallelism';

describe('default parallelism', () => {
  it('copies at most the profile’s parallel_workers, and no more than the cores less one', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultWorkers(4, cores))).toEqual([
      1, 1, 2, 3, 4, 4,
    ]);
    expect(defaultWorkers(1, 16)).toBe(1);
    expect(defaultWorkers(12, 16)).toBe(12);
  });

  it('runs the strategies on the main thread up to two cores, then on the cores beyond, at most four', () => {
    expect([1, 2, 3, 4, 6, 32].map((cores) => defaultTransformThreads(cores))).toEqual([
      0, 0, 1, 2, 4, 4,
    ]);
  });
});
