import type { StrategyConfig } from '../config/schema.ts';
import type { GateContext, GateVerdict, OrderGate } from '../execution/order-gate.ts';
import { positionQuantity } from '../execution/sizing.ts';
import { SimulatedVenue, type ExecutionVenue } from '../execution/venue.ts';
import { annualisationOf } from '../markets/annualisation.ts';
import { timeframeMs } from '../timeframe.ts';
import type { Candle, Order, OrderSide } from '../types.ts';
import { ReturnWindow } from './allocation.ts';
import type { AllocationSettings, PortfolioLimits } from './config.ts';
import { ExposureBook } from './exposure.ts';
import { NettingBook, type VenueOrderRecord } from './netting.ts';
import { assignStaticWeights, lookbackBars, nextRebalanceAfter, rebalanceByVolatility } from './oms-allocation.ts';
import { DrawdownTracker } from './oms-equity.ts';
import { positionSlot } from './oms-legs.ts';
import { BlockLog, checkLimits, type LimitInputs } from './oms-limits.ts';
import { omsReport } from './oms-report.ts';
import { idleOf, PORTFOLIO_LIMIT, type AllocationSnapshot, type BlockedOrder, type OmsOptions, type OmsReport } from './oms-types.ts';
import { newSlot, OmsVenue, type FillListener, type Slot } from './oms-venue.ts';

export * from './oms-types.ts';

/**
 * The order management system: the one place every strategy order passes on its way to the venue.
 *
 * Wiring: pass it to the StrategyManager as its `gate`. Each instance then (a) asks `review` about every entry
 * order (portfolio limits; exits are never gated), (b) fills every order through the venue `venueFor` gives it
 * (the OMS wraps the real venue to track net exposure and venue orders), (c) sizes entries from
 * `sizingEquity` (weight × portfolio equity) when an allocation is configured, and (d) tells it each bar's equity
 * through `onBar` (portfolio equity, drawdown, volatility windows, rebalancing). `onBar` is installed only when
 * something needs equity over time (an allocation, an exposure or a drawdown limit): a routing-only OMS costs
 * nothing per bar, only per order. `onBar` itself only appends (strategy, equity, time) to typed-array columns; the
 * reports are applied in batches, in order, before anything reads portfolio state, so the per-bar hook stays tiny
 * (it must not crowd the instance's hot path out of the JIT's inlining budget). A report with a later time closes
 * the previous event time: every bar of it was processed (the feed is ordered by close time).
 *
 * Determinism: orders reach the OMS in the engine's total order. Candles come from the feed ordered by
 * (close time, series priority, sequence); a candle goes to its series' subscribers in the order the strategies
 * were started (DataDistributor), then to candles aggregated from it. So at one timestamp, strategy A started
 * before strategy B always acts first, and a limit that admits only one of them admits A. Sizing and the
 * exposure limits divide by the portfolio equity of the last completed event time, so strategies acting at one
 * time all see the same equity whatever their order. The OMS keeps no state that depends on anything else (no
 * wall clock, no randomness, Maps iterated in insertion order).
 *
 * Books: each strategy keeps its own account (position, cash, fees, P&L), exactly as if it traded alone; the
 * OMS only observes fills. Net exposure per symbol is the sum of the strategies' signed fill quantities.
 *
 * This class routes and settles; the rules live beside it: portfolio limits (oms-limits.ts), allocation weights
 * (oms-allocation.ts), drawdown of the settled equity (oms-equity.ts), netting (netting.ts), the report
 * (oms-report.ts) and the venue wrapper that reports fills (oms-venue.ts).
 */

export class OrderManagementSystem implements OrderGate, FillListener {
  private readonly slots = new Map<string, Slot>();
  private readonly order: Slot[] = [];
  private readonly allocation: AllocationSettings | null;
  private readonly limits: PortfolioLimits;
  private readonly capitalOption: number | undefined;
  private readonly venueFactory: (strategy: GateContext, config: StrategyConfig) => ExecutionVenue;
  readonly book: NettingBook;
  private allocatedCapital = 0;
  private stepTime = -Infinity;
  /** Portfolio equity at the last completed event time: what sizing and exposure limits divide by, the same for every strategy acting at one time whatever their order. */
  private stepEquity = 0;
  private readonly dd = new DrawdownTracker();
  private halted: { time: number; drawdown: number } | null = null;
  private nextRebalance = -Infinity;
  private readonly history: AllocationSnapshot[] = [];
  /** Longest timeframe registered: a fill can join a netting group at most this long after its fill time. */
  private horizon = 0;
  private readonly exposure = new ExposureBook();
  /** Σ of the strategies' cash, kept from fills (recomputed when a strategy was rebuilt): the sizing cap. */
  private cashSum = 0;
  private cashDirty = false;
  private readonly blockLog = new BlockLog();
  /** Every order a portfolio limit blocked, in engine order. */
  readonly blocks: BlockedOrder[] = this.blockLog.blocks;
  /** What the limit check reads at review time. */
  private readonly limitInputs: LimitInputs = {
    halted: () => this.halted,
    settledEquity: () => this.settledEquity,
    verify: (slot) => this.verify(slot),
    estimateNotional: (order, slot) => this.estimateNotional(order, slot),
  };

  /** Present only with an allocation: the instance then sizes entries from weight × portfolio equity. */
  readonly sizingEquity?: (strategy: GateContext) => number;
  /** Present only when something needs equity over time (allocation, exposure or drawdown limits). */
  readonly onBar?: (strategy: GateContext, candle: Candle) => void;
  /** Whether the OMS follows portfolio equity over time. */
  private readonly tracking: boolean;
  /** Σ slot.equity, kept per bar; summed afresh every RESUM_STEPS event times and at each rebalance. */
  private sumEquity = 0;
  private stepsSinceSum = 0;
  /** Where the next report is expected: strategies report in start order, so this saves the id lookup. */
  private cursor = 0;
  /** Bar reports not applied yet (see the file comment). */
  private readonly qWho: GateContext[] = new Array(QUEUE);
  private readonly qEquity = new Float64Array(QUEUE);
  private readonly qTime = new Float64Array(QUEUE);
  private qn = 0;

  constructor(opts: OmsOptions = {}) {
    this.allocation = opts.allocation ?? null;
    this.limits = opts.limits ?? {};
    this.capitalOption = opts.capital;
    this.venueFactory = opts.venue ?? ((_s, c) => new SimulatedVenue(c.execution));
    this.book = new NettingBook(opts.netting === true, opts.recordVenueOrders === true);
    const l = this.limits;
    this.tracking = this.allocation !== null || l.maxGrossExposure !== undefined || l.maxSymbolExposure !== undefined || l.maxDrawdown !== undefined;
    // The method itself (called as gate.onBar(strategy), so `this` is the OMS): no wrapper call per bar.
    if (this.tracking) this.onBar = this.barClosed;
    if (this.allocation) {
      this.sizingEquity = (s) => {
        this.sync(s.lastTime);
        return this.sizingBase(this.slotOf(s));
      };
    }
  }

  /** Portfolio capital: the configured one, or the sum of the strategies' capital. */
  get capital(): number {
    return this.capitalOption ?? this.allocatedCapital;
  }

  /** Capital no strategy was given (rounding dust of the split counts as none). */
  get idleCash(): number {
    return idleOf(this.capital, this.allocatedCapital);
  }

  /** Portfolio equity now: idle cash plus every strategy's last marked equity. */
  get equity(): number {
    let sum = this.idleCash;
    for (let i = 0; i < this.order.length; i++) sum += this.order[i].ctx.metrics.equity;
    return sum;
  }

  /** Portfolio equity at the close of the last completed event time (before the first: the capital). */
  get settledEquity(): number {
    this.flush();
    return this.stepTime === -Infinity ? this.equity : this.stepEquity;
  }

  /** Net position in `symbol` across strategies (signed base quantity). */
  netPosition(symbol: string): number {
    return this.exposure.symbols.find((s) => s.symbol === symbol)?.net ?? 0;
  }

  /** Current allocation weight of a strategy (0 when it sizes from its own cash). */
  weightOf(strategyId: string): number {
    this.flush();
    return this.slots.get(strategyId)?.weight ?? 0;
  }

  /** Sets a fixed weight (fixed mode); by default a strategy's fixed weight is its capital's share of the portfolio's. */
  setWeight(strategyId: string, weight: number): void {
    const slot = this.slots.get(strategyId);
    if (!slot) throw new Error(`OMS: unknown strategy "${strategyId}"`);
    if (!(weight >= 0 && weight <= 1)) throw new Error(`OMS: weight of ${strategyId} must be within 0..1, got ${weight}`);
    slot.fixedWeight = weight;
    this.assignStaticWeights();
  }

  // ---- OrderGate -------------------------------------------------------------------------------------------

  venueFor(strategy: GateContext, config: StrategyConfig): ExecutionVenue {
    const inner = this.venueFactory(strategy, config);
    let slot = this.slots.get(strategy.id);
    if (slot === undefined) {
      const tf = timeframeMs(config.timeframe);
      slot = newSlot(this.order.length, strategy, inner, this.book.forSymbol(config.symbol), config.capital) as Slot;
      slot.sym = this.exposure.attach(slot, config.symbol, tf);
      this.slots.set(strategy.id, slot);
      this.sumEquity += config.capital;
      this.cashSum += config.capital;
      this.order.push(slot);
      this.allocatedCapital += config.capital;
      if (this.capitalOption !== undefined && this.allocatedCapital > this.capitalOption * (1 + 1e-9)) {
        throw new Error(`OMS: the strategies' capital (${this.allocatedCapital}) exceeds the portfolio capital (${this.capitalOption})`);
      }
      this.horizon = Math.max(this.horizon, tf);
      this.assignStaticWeights();
    } else {
      // A rebuild (restart or new config): the account may be fresh, so cash is recounted and positions checked.
      slot.ctx = strategy;
      slot.inner = inner;
      slot.verify = true;
      this.cashDirty = true;
    }
    if (this.allocation?.mode === 'volatility' && slot.window === null) slot.window = new ReturnWindow(lookbackBars(this.allocation.lookback, config.timeframe), config.capital, annualisationOf(config).periodsPerYear);
    return new OmsVenue(this, slot, inner);
  }

  review(order: Order, strategy: GateContext): GateVerdict {
    this.sync(strategy.lastTime);
    const slot = this.slotOf(strategy);
    if (slot.verify) this.verify(slot);
    // An entry in another symbol the strategy trades (a pairs leg) is checked and reserved on that symbol's own
    // exposure entry, so net and gross exposure stay per symbol.
    const verdict = checkLimits(order, positionSlot(slot, order.symbol, this.exposure, this.book), this.limits, this.exposure, this.limitInputs);
    if (verdict.blocked) this.blockLog.record(order, slot, verdict.limit, verdict.detail);
    return verdict;
  }

  /** The onBar hook (installed when tracking): queues one strategy's equity at its bar's close. */
  private barClosed(strategy: GateContext, candle: Candle): void {
    const n = this.qn;
    this.qWho[n] = strategy;
    this.qEquity[n] = strategy.metrics.equity;
    this.qTime[n] = candle.closeTime;
    this.qn = n + 1;
    if (n + 1 === QUEUE) this.flush();
  }

  /** Applies the queued bar reports in order: event times close as later ones appear. */
  private flush(): void {
    const count = this.qn;
    if (count === 0) return;
    this.qn = 0;
    const who = this.qWho;
    for (let i = 0; i < count; i++) {
      const time = this.qTime[i];
      if (time > this.stepTime) this.step(time);
      const strategy = who[i];
      let slot = this.order[this.cursor];
      if (slot === undefined || slot.ctx !== strategy) slot = this.slots.get(strategy.id)!;
      this.cursor = slot.index + 1;
      const equity = this.qEquity[i];
      this.sumEquity += equity - slot.equity;
      slot.equity = equity;
      if (slot.window !== null) slot.window.push(equity);
      if (slot.verify) this.verify(slot);
    }
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private slotOf(s: GateContext): Slot {
    const slot = this.slots.get(s.id);
    if (!slot) throw new Error(`OMS: strategy "${s.id}" was not registered (give the OMS to the manager as its gate before starting strategies)`);
    return slot;
  }

  /**
   * @internal Called with the time of the bar being processed by every hook: the first call at a new time closes the
   * previous one (every bar of it was processed: the feed is ordered by close time), before any strategy acts at it.
   */
  sync(time: number | null): void {
    this.flush();
    if (time !== null && time > this.stepTime) this.step(time);
  }

  /** A new event time begins: the previous one is complete (equity, drawdown); rebalance; close due netting groups. */
  private step(time: number): void {
    if (this.stepTime !== -Infinity) this.closeStep();
    else this.dd.start((this.stepEquity = this.idleCash + this.sumEquity));
    this.stepTime = time;
    if (time >= this.nextRebalance && this.allocation !== null) this.rebalance(time);
    if (this.book.netting) this.book.flushBefore(time - this.horizon);
  }

  /** Every strategy has reported for `stepTime`: portfolio equity settled, drawdown updated, the halt checked. */
  private closeStep(): void {
    if (++this.stepsSinceSum >= RESUM_STEPS) this.resum();
    const drawdown = this.dd.update((this.stepEquity = this.idleCash + this.sumEquity));
    const limit = this.limits.maxDrawdown;
    if (limit !== undefined && this.halted === null && drawdown >= limit) {
      this.halted = { time: this.stepTime, drawdown };
      this.blockLog.noteViolation(PORTFOLIO_LIMIT.maxDrawdown);
    }
  }

  private rebalance(time: number): void {
    const a = this.allocation!;
    this.nextRebalance = nextRebalanceAfter(time, a);
    if (a.mode !== 'volatility') return;
    this.resum();
    this.history.push(rebalanceByVolatility(a, this.order, time));
  }

  /** After a rebuild: a position we count that the (possibly fresh) account no longer holds vanished without a fill. */
  private verify(slot: Slot): void {
    slot.verify = false;
    if (slot.openQty !== 0 && slot.ctx.account.position === null) this.exposure.drop(slot);
    if (slot.legs !== null) for (const leg of slot.legs.values()) if (leg.openQty !== 0 && leg.ctx.account.position === null) this.exposure.drop(leg);
  }

  /** Σ slot.equity afresh, so the per-bar running sum never drifts. */
  private resum(): void {
    let sum = 0;
    for (let i = 0; i < this.order.length; i++) sum += this.order[i].equity;
    this.sumEquity = sum;
    this.stepsSinceSum = 0;
  }

  /** Weights that do not depend on data: fixed, equal, and the equal start of volatility weights. */
  private assignStaticWeights(): void {
    if (this.allocation !== null) assignStaticWeights(this.allocation, this.order, this.capital, this.history.length > 0);
  }

  /** weight × portfolio equity, but never more than the portfolio's cash (idle cash plus every strategy's cash). */
  private sizingBase(slot: Slot): number {
    if (this.cashDirty) {
      let cash = 0;
      for (let i = 0; i < this.order.length; i++) cash += this.order[i].ctx.account.cash;
      this.cashSum = cash;
      this.cashDirty = false;
    }
    const base = slot.weight * this.settledEquity;
    return Math.max(0, Math.min(base, this.idleCash + this.cashSum));
  }

  /** The entry's notional as it would be sized now, at the last price (the fill sizes it again at the fill price). */
  private estimateNotional(order: Order, slot: Slot): number {
    const s = slot.ctx;
    const price = s.lastPrice;
    if (price === null) return 0;
    const base = this.allocation ? this.sizingBase(slot.owner ?? slot) : s.account.cash;
    const q = positionQuantity(s.config, base, slot.inner.quote(order.side, price, 'market'), slot.inner.feeRate, order.quantity).quantity;
    return q * price;
  }

  /** @internal Called by the venue wrapper after the venue filled an order. */
  onFill(slot: Slot, order: Order, side: OrderSide, quantity: number, price: number, fee: number, time: number): void {
    if (slot.verify) this.verify(slot);
    const position = positionSlot(slot, order.symbol, this.exposure, this.book);
    this.exposure.onFill(position, order.reason === 'entry' || order.reason === 'add', side, quantity, price);
    // The account's own arithmetic (Account.open/close), so the sum stays what the accounts hold.
    this.cashSum += side === 'buy' ? -(quantity * price) - fee : quantity * price - fee;
    position.netting.add(side, quantity, fee, time);
  }

  /** Closes the netting groups still open (end of a run); call before reading the venue totals. */
  finish(): void {
    this.flush();
    if (this.stepTime !== -Infinity) this.closeStep();
    this.book.flushAll();
  }

  /** Venue orders sent so far, in the order their groups closed (only with `recordVenueOrders`). */
  venueOrders(): readonly VenueOrderRecord[] {
    return this.book.orders;
  }

  report(): OmsReport {
    this.flush();
    return omsReport({
      capital: this.capital,
      idleCash: this.idleCash,
      equity: this.equity,
      allocation: this.allocation,
      slots: this.order,
      history: this.history,
      limits: this.limits,
      blockLog: this.blockLog,
      halted: this.halted,
      maxDrawdown: this.tracking ? this.dd.max : null,
      exposure: this.exposure,
      book: this.book,
    });
  }
}

/** Event times between exact re-sums of portfolio equity (the running sum's rounding stays ~1e-13 relative). */
const RESUM_STEPS = 1024;
/** Bar reports queued before they are applied. */
const QUEUE = 128;
