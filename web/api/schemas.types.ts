/**
 * Compile-time checks that the response schemas accept what the code behind each route returns: a field the
 * engine adds, renames or retypes fails `npm run typecheck` here instead of drifting out of the document.
 */
import type { Alert } from '../../engine/health/types.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import type { HealthReport } from '../../backtest/live/alerts/health-monitor.ts';
import type { SweepProgress } from '../../backtest/research/distributed/progress.ts';
import type { StrategyVersion, VersionActivation, VersionStore } from '../../backtest/records/versions/store.ts';
import type { ConfigChange } from '../../backtest/records/versions/diff.ts';
import type { RunListing } from '../run-folder/catalog.ts';
import type * as S from './schemas.ts';

export type Checks = [
  S.Matches<StrategyMetrics, typeof S.StrategyMetricsSchema>,
  S.Matches<Alert, typeof S.AlertSchema>,
  S.Matches<HealthReport, typeof S.HealthReportSchema>,
  S.Matches<SweepProgress, typeof S.SweepProgressSchema>,
  S.Matches<StrategyVersion, typeof S.StrategyVersionSchema>,
  S.Matches<VersionActivation, typeof S.VersionActivationSchema>,
  S.Matches<Awaited<ReturnType<VersionStore['strategies']>>[number], typeof S.VersionedStrategySchema>,
  S.Matches<ConfigChange, S.VersionDiffSchemaChange>,
  S.Matches<RunListing, typeof S.RunListingSchema>,
];
