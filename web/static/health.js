/* Health on the dashboard: an alert panel (active alerts, recent changes) and a health table with one row per
   strategy (last candle, processing latency p50/p99, errors, silence against its usual signal interval,
   drawdown against its backtest, exposure against its limit). Polls /api/v1/health; no build step. */
(function () {
  'use strict';
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function pct(v) { return typeof v === 'number' && isFinite(v) ? (v * 100).toFixed(1) + '%' : '–'; }
  function ms(v) { return typeof v === 'number' && isFinite(v) ? (v >= 1000 ? (v / 1000).toFixed(1) + ' s' : v.toFixed(v < 10 ? 2 : 0) + ' ms') : '–'; }
  function dur(v) { return typeof v === 'number' && isFinite(v) ? (v >= 3600000 ? (v / 3600000).toFixed(1) + ' h' : v >= 60000 ? (v / 60000).toFixed(1) + ' min' : (v / 1000).toFixed(0) + ' s') : '–'; }
  function time(t) { return typeof t === 'number' ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '–'; }

  var style = document.createElement('style');
  style.textContent = '#alerts .alert{padding:4px 8px;margin:3px 0;border-left:4px solid #efb118;background:#fffaeb}#alerts .alert.critical{border-color:#d92d20;background:#fef3f2}' +
    '#alerts .none{color:#067647}#alerts .recent{font-size:12px;color:#667085;margin-top:6px}#health-table td.bad{color:#b42318;font-weight:600}' +
    '#health-status{font-size:12px;padding:1px 8px;border-radius:9px;margin-left:6px}#health-status.ok{background:#dcfae6;color:#067647}#health-status.warning{background:#fef0c7;color:#93370d}#health-status.critical{background:#fee4e2;color:#b42318}';
  document.head.appendChild(style);

  var main = document.querySelector('main');
  var section = document.createElement('section');
  section.id = 'health';
  section.innerHTML = '<h2>Health <span id="health-status"></span> <span id="health-feed" class="muted"></span></h2>' +
    '<div id="alerts" aria-live="polite"></div>' +
    '<div class="tablewrap"><table id="health-table"><thead><tr><th>Strategy</th><th>Status</th><th>Last candle</th><th>Latency p50 / p99</th><th>Errors</th>' +
    '<th>Since last signal / usual</th><th>Drawdown / backtest max</th><th>Exposure / limit</th><th>Alerts</th></tr></thead><tbody></tbody></table></div>';
  var toolbar = main && main.querySelector('.toolbar');
  if (toolbar) toolbar.insertAdjacentElement('afterend', section); else if (main) main.appendChild(section);

  function render(h) {
    var st = document.getElementById('health-status');
    st.textContent = h.status;
    st.className = h.status;
    var f = h.feed;
    document.getElementById('health-feed').textContent = 'feed ' + (f.status || 'no status') + (f.sinceLastCandleMs != null ? ' · last candle ' + dur(f.sinceLastCandleMs) + ' ago' : '') +
      (f.delayP99 != null ? ' · delay p99 ' + (f.delayP99 >= 60000 ? dur(f.delayP99) : ms(f.delayP99)) : '');
    var alerts = h.alerts.length ? h.alerts.map(function (a) {
      return '<div class="alert ' + esc(a.severity) + '" data-rule="' + esc(a.rule) + '"><strong>' + esc(a.rule.replace(/_/g, ' ')) + '</strong> ' + esc(a.message) + ' <span class="muted">since ' + esc(time(a.raisedAt)) + '</span></div>';
    }).join('') : '<div class="none">No active alerts.</div>';
    var recent = h.recent.slice(-8).reverse().map(function (a) { return esc(time(a.time)) + ' ' + esc(a.state) + ' ' + esc(a.rule) + (a.strategyId ? ' (' + esc(a.strategyId) + ')' : ''); });
    document.getElementById('alerts').innerHTML = alerts + (recent.length ? '<div class="recent">Recent: ' + recent.join(' · ') + '</div>' : '');
    var th = h.thresholds;
    document.querySelector('#health-table tbody').innerHTML = h.strategies.map(function (s) {
      var slow = s.latencyP99 != null && s.latencyP99 > th.latencyP99Ms;
      var quiet = s.sinceLastSignalMs != null && s.usualSignalIntervalMs != null && s.sinceLastSignalMs > th.silenceFactor * s.usualSignalIntervalMs;
      var deep = s.baselineMaxDrawdown != null && s.drawdown > s.baselineMaxDrawdown * (1 + th.drawdownMargin);
      var over = s.exposureLimit != null && s.exposure > s.exposureLimit * (1 + th.exposureTolerance);
      return '<tr data-id="' + esc(s.id) + '"><td>' + esc(s.name) + '</td><td' + (s.status === 'errored' ? ' class="bad"' : '') + '>' + esc(s.status) + '</td><td>' + esc(time(s.lastCandleTime)) + '</td>' +
        '<td' + (slow ? ' class="bad"' : '') + '>' + ms(s.latencyP50) + ' / ' + ms(s.latencyP99) + '</td><td' + (s.errors ? ' class="bad"' : '') + '>' + s.errors + '</td>' +
        '<td' + (quiet ? ' class="bad"' : '') + '>' + dur(s.sinceLastSignalMs) + ' / ' + dur(s.usualSignalIntervalMs) + '</td>' +
        '<td' + (deep ? ' class="bad"' : '') + '>' + pct(s.drawdown) + ' / ' + pct(s.baselineMaxDrawdown) + '</td>' +
        '<td' + (over ? ' class="bad"' : '') + '>' + pct(s.exposure) + ' / ' + pct(s.exposureLimit) + '</td><td>' + s.alerts.length + '</td></tr>';
    }).join('');
  }

  function poll() {
    fetch('/api/v1/health', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(render)
      .catch(function () { document.getElementById('health-status').textContent = 'unavailable'; })
      .then(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
