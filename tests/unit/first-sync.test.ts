import { FirstSyncProgress } from '../../src/sync/store/first-sync';

/** The first sync's progress as a store server logs it, on a clock the test moves. */
describe('FirstSyncProgress', () => {
  it('says how far, how fast and how long still, from the estimate HQ sent', () => {
    let now = 1_000_000;
    const lines: Array<[unknown, string]> = [];
    const progress = new FirstSyncProgress(
      { info: (o: unknown, m: string) => lines.push([o, m]) } as never,
      () => now,
    );
    progress.page(1000, 10_000);
    expect(lines).toEqual([]); // at most every 2 s
    now += 2_000;
    progress.page(1000);
    // 2000 rows in 2 s: 1000/s; 8000 left: 8 s; 2000 of 10000: 20 %.
    expect(lines).toEqual([
      [
        { applied: 2000, estimatedRows: 10_000, percent: 20, rowsPerSecond: 1000, secondsLeft: 8 },
        'first sync: pulling master data from HQ',
      ],
    ]);
  });

  it('says counts alone without an estimate (a first sync resumed after a restart)', () => {
    let now = 0;
    const progress = new FirstSyncProgress({ info: () => undefined } as never, () => now);
    now = 4_000;
    progress.page(500);
    expect(progress.figures()).toEqual({
      applied: 500,
      estimatedRows: null,
      percent: null,
      rowsPerSecond: 125,
      secondsLeft: null,
    });
  });
});
