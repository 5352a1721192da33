/** The portfolio layer: OMS (routing, limits, netting, allocation), its config, and portfolio analytics. */
export * from './allocation.ts';
export * from './analytics.ts';
export * from './config.ts';
export * from './correlation.ts';
export * from './netting.ts';
export * from './oms.ts';
export * from './periods.ts';
export * from './sampler.ts';
