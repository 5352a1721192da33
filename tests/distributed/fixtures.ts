/** Data and grids shared by the distributed-sweep tests. */
import { synthCandles } from '../../data/synth.ts';
import { writeCandlesFile } from '../../data/write-file.ts';

export const EXAMPLE = 'examples/macd_btc_15m.json';
export const SAMPLE = ['--data', 'data/samples/UNITTEST_BTC-1m.json', '--symbol', 'BTC/USDT'];
/** 3 x 2 x 2 = 12 combinations over the sample, 2 of them invalid (skipped rows travel too). */
export const SAMPLE_PARAMS = ['--param', 'indicators.macd.fastPeriod=8:26:9', '--param', 'indicators.macd.slowPeriod=26,35', '--param', 'risk.stopLoss=0.01,0.02'];

/** Seeded 1m candles written as a Parquet candle file named so the importer knows its series. */
export async function writeSynthParquet(path: string, bars: number): Promise<void> {
  await writeCandlesFile(synthCandles({ bars, seed: 11, timeframe: '1m' }), path, 'parquet');
}
