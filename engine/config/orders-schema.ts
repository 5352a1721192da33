import * as z from 'zod';

/**
 * The order-model parts of a strategy config: how entries are placed (`orders`), the trailing stop and the
 * partial exits (`risk.trailingStop`, `risk.scaleOut`). Every field is optional and, when absent, leaves the
 * engine's behaviour exactly as before: market orders at the next open, one entry per position.
 */

/** Time in force: "gtc", "day" (until the session ends; crypto: the UTC day) or {"bars": N}. */
export const TifSchema = z.union([z.enum(['gtc', 'day']), z.strictObject({ bars: z.number().int().min(1).max(1_000_000) })]);

const offset = z.number().min(-0.5).max(0.5);

/**
 * `orders.entry`: the order an entry signal places. `offset` is a signed fraction of the signal bar's close, in
 * the trade's direction: the level is close × (1 + offset) for a buy and close × (1 − offset) for a short's sell.
 * A limit with offset −0.005 buys 0.5% below the close (sells short 0.5% above it); a stop with offset 0.01 buys a
 * breakout 1% above it. A stop-limit's `limitOffset` places its limit the same way (default: at the stop).
 */
export const EntryOrderSchema = z
  .strictObject({
    type: z.enum(['market', 'limit', 'stop', 'stop_limit']).default('market'),
    offset: offset.default(0),
    limitOffset: offset.optional(),
    tif: TifSchema.default('gtc'),
  })
  .superRefine((e, ctx) => {
    if (e.limitOffset !== undefined && e.type !== 'stop_limit') ctx.addIssue({ code: 'custom', path: ['limitOffset'], message: 'limitOffset is for type "stop_limit"' });
    if (e.type === 'limit' && e.offset > 0) ctx.addIssue({ code: 'custom', path: ['offset'], message: 'a limit entry with a positive offset would be marketable at once; use 0 or a negative offset (a better price), or type "stop"' });
    if ((e.type === 'stop' || e.type === 'stop_limit') && e.offset < 0) ctx.addIssue({ code: 'custom', path: ['offset'], message: 'a stop entry triggers beyond the close: give a positive offset' });
  });

export const OrdersSchema = z.strictObject({
  entry: EntryOrderSchema.optional(),
  /** A signal for the opposite side while a position is open closes it and opens the opposite one in one order. */
  reverse: z.boolean().optional(),
  /** When stop-loss, take-profit and trailing stop start working: the entry's own bar (default) or the next (backtrader's bracket children). */
  stopsFrom: z.enum(['entry_bar', 'next_bar']).optional(),
  /** Which of a stop and a target, both touched inside one bar, fills: `stop_first` (pessimistic, default) or `target_first`. */
  bothTouched: z.enum(['stop_first', 'target_first']).optional(),
  /** Fraction of the limit price a bar must trade through before a limit (entry or take-profit) fills; default 0 (a touch fills). */
  penetration: z.number().min(0).max(0.1).optional(),
  /** Entries per position: 1 (default) or more with `rules.addOn` (pyramiding / DCA). */
  maxEntries: z.number().int().min(1).max(100).optional(),
});

/** `risk.trailingStop`: one of a fraction of the price, an absolute amount, or a multiple of a declared ATR indicator. */
export const TrailingStopSchema = z.union([
  z.strictObject({ percent: z.number().positive().max(1) }),
  z.strictObject({ amount: z.number().positive().max(1e15) }),
  z.strictObject({ atr: z.string().min(1), multiple: z.number().positive().max(100) }),
]);

/** `risk.scaleOut`: partial exits, each closing `fraction` of the entry quantity once the price has gained `gain` (a fraction) from the average entry. */
export const ScaleOutSchema = z
  .array(z.strictObject({ gain: z.number().positive().max(100), fraction: z.number().positive().max(1) }))
  .min(1)
  .max(20)
  .superRefine((steps, ctx) => {
    let total = 0;
    steps.forEach((s, i) => {
      if (i > 0 && !(s.gain > steps[i - 1].gain)) ctx.addIssue({ code: 'custom', path: [i, 'gain'], message: 'scaleOut steps are in increasing gain' });
      total += s.fraction;
    });
    if (total > 1 + 1e-9) ctx.addIssue({ code: 'custom', path: [], message: `scaleOut fractions add up to ${total}, more than the whole position` });
  });

export type OrdersConfig = z.infer<typeof OrdersSchema>;
export type EntryOrderConfig = z.infer<typeof EntryOrderSchema>;
export type TrailingStopConfig = z.infer<typeof TrailingStopSchema>;
export type TifConfig = z.infer<typeof TifSchema>;
