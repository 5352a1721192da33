import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput, type CapturedOutput } from '../../testkit/capture-output.ts';
import { tempDir } from '../../testkit/data.ts';
import { FakeExchange, generatedFunding } from '../../testkit/fake-exchange/fake-exchange.ts';
import { run } from './data.ts';

const T0 = Date.UTC(2024, 0, 1);
let fake: FakeExchange;
let tmp: ReturnType<typeof tempDir>;
let io: CapturedOutput;

beforeAll(async () => {
  fake = await new FakeExchange({ tickMs: 0, funding: [generatedFunding('BTC/USDT:USDT', T0, T0 + 10 * 86_400_000, 2)] }).start();
});
afterAll(() => fake?.stop());
beforeEach(() => {
  tmp = tempDir();
  io = captureOutput();
});
afterEach(() => {
  io.restore();
  tmp.cleanup();
});

describe('strata data fetch --funding / import --funding', () => {
  it('downloads a perpetual funding history with the real ccxt client, then reports no gap', async () => {
    const store = join(tmp.dir, 's.duckdb');
    const code = await run(['fetch', '--funding', '--exchange', 'binance', '--symbol', 'BTC/USDT:USDT', '--since', '2024-01-01', '--until', '2024-01-11', '--limit', '12', '--exchange-url', fake.url, '--store', store]);
    expect(code, io.err).toBe(0);
    expect(io.out).toContain('binance BTC/USDT:USDT funding: 30 payment(s) stored from 30 received in 3 request(s)');
    expect(io.out).toContain('no missing payments (interval 8h)');
  });

  it('a spot symbol is refused with the perpetual spelling', async () => {
    expect(await run(['fetch', '--funding', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--since', '2024-01-01', '--store', join(tmp.dir, 's.duckdb')])).toBe(2);
    expect(io.err).toContain('--symbol: funding belongs to a perpetual, written BASE/QUOTE:SETTLE (e.g. BTC/USDT:USDT)');
  });

  it('imports a CSV naming each quarantined row and the missing payment', async () => {
    const file = join(tmp.dir, 'f.csv');
    writeFileSync(file, 'time,rate\n2024-01-01T00:00Z,0.0001\n2024-01-01T08:00Z,x\n2024-01-01T16:00Z,0.0002\n2024-01-02T00:00Z,0.0001\n2024-01-02T16:00Z,0.0001\n');
    expect(await run(['import', '--funding', file, '--symbol', 'BTC/USDT:USDT', '--store', join(tmp.dir, 's.duckdb')]), io.err).toBe(0);
    expect(io.out).toContain('4 payment(s) of BTC/USDT:USDT stored (2024-01-01T00:00:00Z .. 2024-01-02T16:00:00Z) from 5 row(s)');
    expect(io.out).toContain('row 2 quarantined: rate is not a number');
    expect(io.out).toContain('2 payment(s) missing in 2 gap(s) (interval 8h)');
  });
});
