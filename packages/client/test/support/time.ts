// The fake clock and the fake sleep every test hands to createClient: sleeping advances the
// clock at once and is recorded, so no test waits for real time or depends on it.
export const START = Date.UTC(2026, 0, 1, 12, 0, 0);

export class FakeTime {
  now = START;
  readonly sleeps: number[] = [];

  readonly clock = (): number => this.now;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    this.sleeps.push(ms);
    this.now += ms;
    return Promise.resolve();
  };

  advance(seconds: number): void {
    this.now += seconds * 1000;
  }
}
