/**
 * The indicator registry: every indicator type Strata knows, one descriptor each (see descriptor.ts). Adding an
 * indicator means writing its file (class + descriptor), its test, and one line here.
 */
import { atrDescriptor } from './atr.ts';
import { bollingerDescriptor } from './bollinger.ts';
import type { AnyDescriptor, IndicatorDescriptor } from './descriptor.ts';
import { emaDescriptor } from './ema.ts';
import { macdDescriptor } from './macd.ts';
import { rsiDescriptor } from './rsi.ts';
import { smaDescriptor } from './sma.ts';
import { unknownTypeMessageFor } from './unknown-type.ts';
import { wmaDescriptor } from './wma.ts';
import { demaDescriptor } from './dema.ts';
import { temaDescriptor } from './tema.ts';
import { trimaDescriptor } from './trima.ts';
import { kamaDescriptor } from './kama.ts';
import { t3Descriptor } from './t3.ts';
import { sarDescriptor } from './sar.ts';
import { midpointDescriptor } from './midpoint.ts';
import { midpriceDescriptor } from './midprice.ts';
import { stochDescriptor } from './stoch.ts';
import { stochfDescriptor } from './stochf.ts';
import { stochrsiDescriptor } from './stochrsi.ts';
import { willrDescriptor } from './willr.ts';
import { cciDescriptor } from './cci.ts';
import { mfiDescriptor } from './mfi.ts';
import { adxDescriptor } from './adx.ts';
import { adxrDescriptor } from './adxr.ts';
import { plusDiDescriptor } from './plus_di.ts';
import { minusDiDescriptor } from './minus_di.ts';
import { dxDescriptor } from './dx.ts';
import { aroonDescriptor } from './aroon.ts';
import { aroonoscDescriptor } from './aroonosc.ts';
import { rocDescriptor } from './roc.ts';
import { rocpDescriptor } from './rocp.ts';
import { momDescriptor } from './mom.ts';
import { cmoDescriptor } from './cmo.ts';
import { ppoDescriptor } from './ppo.ts';
import { apoDescriptor } from './apo.ts';
import { trixDescriptor } from './trix.ts';
import { ultoscDescriptor } from './ultosc.ts';
import { bopDescriptor } from './bop.ts';
import { obvDescriptor } from './obv.ts';
import { adDescriptor } from './ad.ts';
import { adoscDescriptor } from './adosc.ts';
import { natrDescriptor } from './natr.ts';
import { trangeDescriptor } from './trange.ts';
import { stddevDescriptor } from './stddev.ts';
import { varDescriptor } from './var.ts';
import { linearregDescriptor } from './linearreg.ts';
import { linearregSlopeDescriptor } from './linearreg_slope.ts';
import { betaDescriptor } from './beta.ts';
import { correlDescriptor } from './correl.ts';
import { vwapDescriptor } from './vwap.ts';
import { hmaDescriptor } from './hma.ts';
import { keltnerDescriptor } from './keltner.ts';
import { donchianDescriptor } from './donchian.ts';
import { supertrendDescriptor } from './supertrend.ts';
import { ichimokuDescriptor } from './ichimoku.ts';
import { zscoreDescriptor } from './zscore.ts';

export const INDICATORS = [
  smaDescriptor,
  emaDescriptor,
  rsiDescriptor,
  macdDescriptor,
  bollingerDescriptor,
  atrDescriptor,
  wmaDescriptor,
  demaDescriptor,
  temaDescriptor,
  trimaDescriptor,
  kamaDescriptor,
  t3Descriptor,
  sarDescriptor,
  midpointDescriptor,
  midpriceDescriptor,
  stochDescriptor,
  stochfDescriptor,
  stochrsiDescriptor,
  willrDescriptor,
  cciDescriptor,
  mfiDescriptor,
  adxDescriptor,
  adxrDescriptor,
  plusDiDescriptor,
  minusDiDescriptor,
  dxDescriptor,
  aroonDescriptor,
  aroonoscDescriptor,
  rocDescriptor,
  rocpDescriptor,
  momDescriptor,
  cmoDescriptor,
  ppoDescriptor,
  apoDescriptor,
  trixDescriptor,
  ultoscDescriptor,
  bopDescriptor,
  obvDescriptor,
  adDescriptor,
  adoscDescriptor,
  natrDescriptor,
  trangeDescriptor,
  stddevDescriptor,
  varDescriptor,
  linearregDescriptor,
  linearregSlopeDescriptor,
  betaDescriptor,
  correlDescriptor,
  vwapDescriptor,
  hmaDescriptor,
  keltnerDescriptor,
  donchianDescriptor,
  supertrendDescriptor,
  ichimokuDescriptor,
  zscoreDescriptor,
] as const;

type Registered = (typeof INDICATORS)[number];
type ConfigOfDescriptor<D> = D extends IndicatorDescriptor<string, infer C> ? C : never;

/** Canonical indicator types. */
export type IndicatorType = Registered['type'];
/** A parsed, normalised indicator config (defaults filled in, alias types rewritten). */
export type IndicatorConfig = ConfigOfDescriptor<Registered>;

const BY_TYPE: ReadonlyMap<string, AnyDescriptor> = new Map(INDICATORS.flatMap((d): [string, AnyDescriptor][] => [[d.type, d], ...d.aliases.map((a): [string, AnyDescriptor] => [a, d])]));

/** The descriptor of `type` (canonical or alias), or undefined. */
export function findDescriptor(type: string): AnyDescriptor | undefined {
  return BY_TYPE.get(type);
}

/** The descriptor of `type`; throws naming the type (and the closest known one) when unknown. */
export function descriptorOf(type: string): AnyDescriptor {
  const d = BY_TYPE.get(type);
  if (d === undefined) throw new Error(unknownTypeMessage(type));
  return d;
}

/** Every accepted `type` spelling, canonical types first. */
export function acceptedTypes(): string[] {
  return [...INDICATORS.map((d) => d.type), ...INDICATORS.flatMap((d) => d.aliases)];
}

/** The error text for an unknown `type`, with the closest known type when there is a plausible one. */
export function unknownTypeMessage(type: unknown): string {
  return unknownTypeMessageFor(type, acceptedTypes());
}
