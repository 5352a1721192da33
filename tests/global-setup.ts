/** Before any test: the dashboard bundle the browser tests load, built if it is missing or older than its sources. */
import { buildDashboard, dashboardStale } from '../web/build-dashboard.ts';

export async function setup(): Promise<void> {
  if (dashboardStale()) await buildDashboard();
}
