/**
 * The live dashboard's entry point (bundled by esbuild into web/static/dashboard.js): wires the panels, then
 * connects the WebSocket. State arrives over /ws; actions go to /api/v1.
 */
import { initActivity } from './activity.ts';
import { renderCards } from './cards.ts';
import { fillSeriesSelect, initChart } from './chart.ts';
import { renderCompare } from './compare.ts';
import { $ } from './dom.ts';
import { initHealth } from './health.ts';
import { renderRisk } from './risk.ts';
import { connect } from './socket.ts';
import { initSortableTables } from './sortable.ts';
import { onRender, renderNow, state } from './state.ts';
import { initVersions } from './versions.ts';
import { initWizard } from './wizard.ts';

onRender(() => {
  renderCards();
  renderCompare();
  renderRisk();
  fillSeriesSelect();
  $('#count').textContent = state.strategies.size ? `(${state.strategies.size})` : '';
  $('#empty').hidden = state.strategies.size > 0;
});

initSortableTables();
initChart();
initWizard();
initVersions();
initHealth();
initActivity();
connect();
renderNow();
