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

export const INDICATORS = [
  smaDescriptor,
  emaDescriptor,
  rsiDescriptor,
  macdDescriptor,
  bollingerDescriptor,
  atrDescriptor,
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
