// Strata live dashboard: strategy cards, controls, creation wizard, live chart, comparison and risk views.
// Plain browser JavaScript, no build step. State arrives over the WebSocket /ws; actions go to /api/v1.
(function () {
  'use strict';

  var PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
  var MAX_CANDLES = 300;
  var MAX_EVENTS = 80;

  var state = {
    strategies: new Map(), // id -> { summary, metrics, config, color }
    candles: new Map(), // series id -> closed candles
    partial: new Map(), // series id -> in-progress candle
    signals: [], // recent signals
    series: [],
    schema: null,
    ws: null,
    connected: false,
  };

  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function fmtPct(v) { return typeof v === 'number' && isFinite(v) ? (v * 100).toFixed(2) + '%' : '–'; }
  function fmtNum(v, d) { return typeof v === 'number' && isFinite(v) ? v.toFixed(d == null ? 2 : d) : '–'; }
  function fmtMoney(v) { return typeof v === 'number' && isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '–'; }
  function fmtQty(v) { return typeof v === 'number' && isFinite(v) ? (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(4)) : '–'; }
  function fmtPrice(v) { return typeof v === 'number' && isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(2) : Math.abs(v) >= 1 ? v.toFixed(4) : v.toPrecision(5)) : '–'; }
  function fmtTime(t) { return typeof t === 'number' ? new Date(t).toISOString().replace('T', ' ').slice(0, 16) : (t || '').replace('T', ' ').slice(0, 16); }
  function signClass(v) { return typeof v === 'number' && v > 0 ? 'pos' : typeof v === 'number' && v < 0 ? 'neg' : ''; }
  function seriesId(symbol, timeframe) { return symbol + '|' + timeframe; }

  // ---- API -------------------------------------------------------------------------------------------
  function api(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = typeof body === 'string' ? body : JSON.stringify(body); }
    return fetch('/api/v1' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
        if (!res.ok) { var err = new Error((data && data.error) || res.statusText); err.status = res.status; err.problems = (data && data.problems) || []; throw err; }
        return data;
      });
    });
  }
  var toastTimer = null;
  function toast(text, kind) {
    var t = $('#toast');
    t.textContent = text;
    t.className = 'toast ' + (kind || '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.textContent = ''; }, 5000);
  }

  // ---- WebSocket ---------------------------------------------------------------------------------------
  var retry = 0;
  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    state.ws = ws;
    ws.onopen = function () { retry = 0; setConn(true); };
    ws.onclose = function () {
      setConn(false);
      var wait = [500, 1000, 2000, 5000][Math.min(retry++, 3)];
      setTimeout(connect, wait);
    };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      // One frame per engine step: a single message or an array of them.
      if (Array.isArray(m)) m.forEach(handle); else handle(m);
    };
  }
  function setConn(on) {
    state.connected = on;
    var c = $('#conn');
    c.textContent = on ? 'live' : 'disconnected';
    c.className = 'pill ' + (on ? 'pill-on' : 'pill-off');
    document.body.setAttribute('data-ws', on ? 'open' : 'closed');
  }

  function handle(m) {
    switch (m.type) {
      case 'hello':
        state.series = m.series || [];
        state.candles.clear();
        state.partial.clear();
        Object.keys(m.candles || {}).forEach(function (id) {
          var list = m.candles[id];
          var last = list[list.length - 1];
          state.candles.set(id, list.slice());
          if (last && state.series.length === 0) state.series.push({ symbol: last.symbol, timeframe: last.timeframe });
        });
        state.signals = (m.signals || []).slice();
        $('#events').innerHTML = '';
        state.signals.slice(-30).forEach(function (sg) { addEvent('signal', sg.time, sg.strategyId, sg.action + ' @ ' + fmtPrice(sg.price) + ' (' + sg.reason + ')', sg.action); });
        var seen = new Set();
        (m.strategies || []).forEach(function (s) { seen.add(s.id); upsert(s.id, { summary: { id: s.id, name: s.name, symbol: s.symbol, timeframe: s.timeframe, status: s.status }, metrics: s.metrics, config: s.config }); });
        Array.from(state.strategies.keys()).forEach(function (id) { if (!seen.has(id)) removeCard(id); });
        fillSeriesSelect();
        renderAll();
        break;
      case 'candle':
        onCandle(m.candle, m.closed);
        break;
      case 'signal':
        state.signals.push(m.signal);
        if (state.signals.length > 400) state.signals.shift();
        var s = state.strategies.get(m.signal.strategyId);
        if (s && s.metrics) s.metrics.current.lastSignal = m.signal;
        addEvent('signal', m.signal.time, m.signal.strategyId, m.signal.action + ' @ ' + fmtPrice(m.signal.price) + ' (' + m.signal.reason + ')', m.signal.action);
        flash(m.signal.strategyId);
        schedule();
        break;
      case 'fill':
        addEvent('fill', m.fill.time, m.fill.strategyId, 'fill ' + m.fill.side + ' ' + fmtQty(m.fill.quantity) + ' @ ' + fmtPrice(m.fill.price) + ' (' + m.fill.reason + ')');
        break;
      case 'metrics':
        upsert(m.metrics.id, { metrics: m.metrics });
        break;
      case 'status':
        if (m.from === null || !state.strategies.has(m.strategyId)) {
          api('GET', '/strategies/' + encodeURIComponent(m.strategyId)).then(function (s) {
            upsert(s.id, { summary: { id: s.id, name: s.name, symbol: s.symbol, timeframe: s.timeframe, status: s.status }, metrics: s.metrics, config: s.config });
          }).catch(function () {});
        } else {
          upsert(m.strategyId, { status: m.to });
        }
        addEvent('status', m.time, m.strategyId, (m.from || 'new') + ' → ' + m.to + (m.reason ? ' (' + m.reason + ')' : ''));
        break;
      case 'error':
        if (m.strategyId) addEvent('error', m.time, m.strategyId, m.message);
        else toast(m.message, 'error');
        break;
      case 'orderBlocked':
        addEvent('blocked', m.time, m.strategyId, 'order blocked by ' + m.limit + ': ' + m.detail);
        break;
      case 'feed':
        $('#feed').textContent = 'feed ' + m.status + (m.detail ? ': ' + m.detail : '');
        break;
    }
  }

  function upsert(id, patch) {
    var s = state.strategies.get(id);
    if (!s) {
      s = { summary: { id: id, name: id, symbol: '', timeframe: '', status: 'running' }, metrics: null, config: null, color: PALETTE[state.strategies.size % PALETTE.length] };
      state.strategies.set(id, s);
    }
    if (patch.summary) s.summary = patch.summary;
    if (patch.metrics) { s.metrics = patch.metrics; s.summary.status = patch.metrics.status; }
    if (patch.config) s.config = patch.config;
    if (patch.status) { s.summary.status = patch.status; if (s.metrics) s.metrics.status = patch.status; }
    schedule();
  }

  // ---- rendering, batched per animation frame ------------------------------------------------------------
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; renderAll(); });
  }
  function renderAll() {
    renderCards();
    renderCompare();
    renderRisk();
    renderChart();
    $('#count').textContent = state.strategies.size ? '(' + state.strategies.size + ')' : '';
    $('#empty').hidden = state.strategies.size > 0;
  }

  function cardFor(id) {
    var card = document.getElementById('card-' + id);
    if (card) return card;
    var s = state.strategies.get(id);
    card = el('article', { class: 'card', id: 'card-' + id, 'data-id': id });
    card.innerHTML =
      '<header><div class="title"><div class="name"><span class="swatch"></span><span class="n"></span></div><div class="sub"></div></div><span class="pill status"></span></header>' +
      '<div class="posline"><span class="k">Position</span> <span class="position"></span></div>' +
      '<dl>' +
      '<dt>Unreal. P&amp;L</dt><dd class="upnl"></dd><dt>Equity</dt><dd class="equity"></dd>' +
      '<dt>Return</dt><dd class="ret"></dd><dt>Risk score</dt><dd class="rscore"></dd>' +
      '<dt>Sharpe</dt><dd class="sharpe"></dd><dt>Max DD</dt><dd class="mdd"></dd>' +
      '<dt>Trades</dt><dd class="trades"></dd><dt>Win rate</dt><dd class="win"></dd>' +
      '</dl><div class="signal"></div><div class="limits"></div><div class="controls"></div>';
    var controls = $('.controls', card);
    [['pause', 'Pause'], ['resume', 'Resume'], ['restart', 'Restart'], ['edit', 'Edit'], ['stop', 'Stop']].forEach(function (b) {
      controls.appendChild(el('button', { type: 'button', 'data-action': b[0], class: b[0] === 'stop' ? 'danger' : '', onclick: function () { act(id, b[0]); } }, [b[1]]));
    });
    $('.swatch', card).style.background = s.color;
    $('#grid').appendChild(card);
    return card;
  }
  function removeCard(id) {
    state.strategies.delete(id);
    var c = document.getElementById('card-' + id);
    if (c) c.remove();
  }
  function setText(root, sel, text, cls) {
    var n = $(sel, root);
    if (n.textContent !== text) n.textContent = text;
    if (cls !== undefined) n.className = sel.slice(1) + (cls ? ' ' + cls : '');
  }
  function renderCards() {
    state.strategies.forEach(function (s, id) {
      var card = cardFor(id);
      var m = s.metrics;
      var status = s.summary.status;
      card.setAttribute('data-status', status);
      setText(card, '.n', s.summary.name || id);
      setText(card, '.sub', id + ' · ' + s.summary.symbol + ' ' + s.summary.timeframe);
      var pill = $('.status', card);
      pill.textContent = status;
      pill.className = 'pill status status-' + status;
      var p = m && m.current.position;
      setText(card, '.position', p ? p.side + ' ' + fmtQty(p.quantity) + ' @ ' + fmtPrice(p.entryPrice) : 'flat');
      setText(card, '.rscore', m ? fmtNum(m.risk.riskScore, 0) + ' / 100' : '–');
      setText(card, '.upnl', m ? fmtMoney(m.current.unrealizedPnL) : '–', m ? signClass(m.current.unrealizedPnL) : '');
      setText(card, '.equity', m ? fmtMoney(m.performance.equity) : '–');
      setText(card, '.ret', m ? fmtPct(m.performance.totalReturn) : '–', m ? signClass(m.performance.totalReturn) : '');
      setText(card, '.sharpe', m ? fmtNum(m.performance.sharpeRatio) : '–');
      setText(card, '.mdd', m ? fmtPct(m.performance.maxDrawdown) : '–');
      setText(card, '.trades', m ? String(m.performance.totalTrades) : '–');
      setText(card, '.win', m ? fmtPct(m.performance.winRate) : '–');
      var sig = m && m.current.lastSignal;
      setText(card, '.signal', sig ? 'Last signal: ' + sig.action + ' @ ' + fmtPrice(sig.price) + ' · ' + fmtTime(sig.time) + ' · ' + sig.reason : 'No signal yet' + (m && m.current.lastUpdate ? ' · data ' + fmtTime(m.current.lastUpdate) : ''));
      setText(card, '.limits', m && m.risk.violatedLimits.length ? 'Limits hit: ' + m.risk.violatedLimits.join(', ') : '');
      var live = status === 'running' || status === 'paused';
      card.querySelector('[data-action=pause]').disabled = status !== 'running';
      card.querySelector('[data-action=resume]').disabled = status !== 'paused';
      card.querySelector('[data-action=stop]').disabled = !live;
      card.querySelector('[data-action=edit]').disabled = !live;
    });
  }
  function flash(id) {
    var c = document.getElementById('card-' + id);
    if (!c) return;
    c.classList.remove('flash');
    void c.offsetWidth;
    c.classList.add('flash');
  }

  function act(id, action) {
    var req;
    if (action === 'edit') return openWizard(id);
    if (action === 'stop') {
      if (!confirm('Stop ' + id + '? Its open position is closed at the last price.')) return;
      req = api('DELETE', '/strategies/' + encodeURIComponent(id));
    } else {
      req = api('PUT', '/strategies/' + encodeURIComponent(id) + '/' + action);
    }
    req.then(function (s) { upsert(id, { status: s.status }); toast(id + ': ' + s.status, 'ok'); })
      .catch(function (e) { toast(id + ': ' + e.message, 'error'); });
  }

  // ---- comparison and risk --------------------------------------------------------------------------------
  function renderCompare() {
    var body = $('#compare tbody');
    var rows = [];
    state.strategies.forEach(function (s, id) {
      var m = s.metrics;
      var p = m ? m.performance : {};
      var cells = [
        ['text', s.summary.name || id], ['text', s.summary.status], ['text', s.summary.symbol + ' ' + s.summary.timeframe],
        ['num', p.totalReturn, fmtPct(p.totalReturn)], ['num', p.sharpeRatio, fmtNum(p.sharpeRatio)], ['num', p.maxDrawdown, fmtPct(p.maxDrawdown)],
        ['num', p.winRate, fmtPct(p.winRate)], ['num', p.totalTrades, p.totalTrades == null ? '–' : String(p.totalTrades)],
        ['num', m ? m.current.unrealizedPnL : null, m ? fmtMoney(m.current.unrealizedPnL) : '–'], ['num', p.equity, fmtMoney(p.equity)],
      ];
      rows.push('<tr data-id="' + escapeHtml(id) + '">' + cells.map(function (c) {
        return c[0] === 'text' ? '<td>' + escapeHtml(c[1]) + '</td>' : '<td class="num" data-v="' + (typeof c[1] === 'number' && isFinite(c[1]) ? c[1] : '') + '">' + c[2] + '</td>';
      }).join('') + '</tr>');
    });
    body.innerHTML = rows.join('');
    var sorted = $('#compare th[aria-sort]');
    if (sorted) sortTable($('#compare'), Array.prototype.indexOf.call(sorted.parentNode.children, sorted), sorted.getAttribute('aria-sort'), sorted.getAttribute('data-sort') === 'num');
  }
  function renderRisk() {
    var root = $('#risk');
    var items = [];
    var total = 0;
    var equity = 0;
    state.strategies.forEach(function (s, id) {
      var m = s.metrics;
      if (!m) return;
      var exp = m.risk.currentExposure || 0;
      total += exp * (m.performance.equity || 0);
      equity += m.performance.equity || 0;
      var score = m.risk.riskScore || 0;
      items.push('<div class="item" data-id="' + escapeHtml(id) + '"><strong>' + escapeHtml(s.summary.name || id) + '</strong> <span class="muted">' + escapeHtml(s.summary.status) + '</span>' +
        '<div>exposure ' + fmtPct(exp) + ' · risk score ' + fmtNum(score, 0) + ' / 100</div>' +
        '<div class="bar" title="risk score: 60% exposure vs its cap, 40% drawdown vs its limit"><span class="' + (score >= 70 ? 'hot' : '') + '" style="width:' + Math.min(100, score).toFixed(1) + '%"></span></div>' +
        '<div class="chips">' + (m.risk.violatedLimits.length ? m.risk.violatedLimits.map(function (l) { return '<span>' + escapeHtml(l) + '</span>'; }).join('') : '<span class="muted" style="background:none;color:#667085">no limits hit</span>') + '</div></div>');
    });
    var head = '<div class="item"><strong>All strategies</strong><div>gross exposure ' + fmtPct(equity > 0 ? total / equity : 0) + ' of ' + fmtMoney(equity) + ' equity</div></div>';
    root.innerHTML = head + items.join('');
  }
  function escapeHtml(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }

  function sortTable(table, i, dir, numeric) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = numeric ? Number(a.cells[i].getAttribute('data-v') || -Infinity) : a.cells[i].textContent.toLowerCase();
      var y = numeric ? Number(b.cells[i].getAttribute('data-v') || -Infinity) : b.cells[i].textContent.toLowerCase();
      var c = x < y ? -1 : x > y ? 1 : 0;
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
      th.parentNode.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      sortTable(th.closest('table'), i, dir, th.getAttribute('data-sort') === 'num');
    });
  });

  // ---- live chart ---------------------------------------------------------------------------------------
  function onCandle(c, closed) {
    var id = seriesId(c.symbol, c.timeframe);
    if (!state.candles.has(id)) {
      state.candles.set(id, []);
      if (!state.series.some(function (s) { return seriesId(s.symbol, s.timeframe) === id; })) state.series.push({ symbol: c.symbol, timeframe: c.timeframe });
      fillSeriesSelect();
    }
    if (closed) {
      var list = state.candles.get(id);
      var last = list[list.length - 1];
      if (last && last.openTime === c.openTime) list[list.length - 1] = c; else list.push(c);
      if (list.length > MAX_CANDLES) list.shift();
      state.partial.delete(id);
    } else {
      state.partial.set(id, c);
    }
    if ($('#chart-series').value === id) scheduleChart();
  }
  var chartPending = false;
  function scheduleChart() {
    if (chartPending) return;
    chartPending = true;
    requestAnimationFrame(function () { chartPending = false; renderChart(); });
  }
  function fillSeriesSelect() {
    var sel = $('#chart-series');
    var current = sel.value;
    var ids = [];
    state.series.forEach(function (s) { ids.push(seriesId(s.symbol, s.timeframe)); });
    state.candles.forEach(function (_v, id) { if (ids.indexOf(id) < 0) ids.push(id); });
    if (sel.options.length === ids.length && Array.prototype.every.call(sel.options, function (o, i) { return o.value === ids[i]; })) return;
    sel.innerHTML = '';
    ids.forEach(function (id) { sel.appendChild(el('option', { value: id }, [id.replace('|', ' ')])); });
    if (ids.indexOf(current) >= 0) sel.value = current;
  }
  $('#chart-series').addEventListener('change', renderChart);

  var SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function renderChart() {
    var root = $('#chart');
    var id = $('#chart-series').value;
    var closed = state.candles.get(id) || [];
    var partial = state.partial.get(id);
    var all = partial ? closed.concat([partial]) : closed;
    var W = 800, H = 320, L = 64, R = 12, T = 12, B = 28;
    var svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'live price ' + id });
    if (all.length < 2) {
      var t = svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#667085' });
      t.textContent = id ? 'waiting for candles…' : 'no live feed';
      svg.appendChild(t);
      root.replaceChildren(svg);
      return;
    }
    var symbol = id.split('|')[0];
    var t0 = all[0].closeTime, t1 = all[all.length - 1].closeTime;
    var sigs = state.signals.filter(function (s) { return s.symbol === symbol && s.time >= t0 && s.time <= t1; });
    var lo = Infinity, hi = -Infinity;
    all.forEach(function (c) { lo = Math.min(lo, c.low); hi = Math.max(hi, c.high); });
    sigs.forEach(function (s) { lo = Math.min(lo, s.price); hi = Math.max(hi, s.price); });
    if (hi - lo < 1e-12) { hi += 1e-9; lo -= 1e-9; }
    var pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
    var x = function (t) { return L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - R); };
    var y = function (v) { return T + (1 - (v - lo) / (hi - lo)) * (H - T - B); };
    for (var k = 0; k <= 4; k++) {
      var v = lo + ((hi - lo) * k) / 4;
      svg.appendChild(svgEl('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eef1f6' }));
      var lab = svgEl('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#667085' });
      lab.textContent = fmtPrice(v);
      svg.appendChild(lab);
    }
    [t0, (t0 + t1) / 2, t1].forEach(function (tt, i) {
      var lab = svgEl('text', { x: x(tt), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 2 ? 'end' : 'middle', 'font-size': 10, fill: '#667085' });
      lab.textContent = fmtTime(tt);
      svg.appendChild(lab);
    });
    // wicks, then the close line
    var wick = '';
    closed.forEach(function (c) { wick += 'M' + x(c.closeTime).toFixed(1) + ',' + y(c.high).toFixed(1) + 'V' + y(c.low).toFixed(1); });
    svg.appendChild(svgEl('path', { d: wick, stroke: '#c9d1de', 'stroke-width': 1 }));
    var d = closed.map(function (c, i) { return (i ? 'L' : 'M') + x(c.closeTime).toFixed(1) + ',' + y(c.close).toFixed(1); }).join('');
    svg.appendChild(svgEl('path', { d: d, fill: 'none', stroke: '#1d2330', 'stroke-width': 1.4, class: 'price-line' }));
    if (partial && closed.length) {
      var lastC = closed[closed.length - 1];
      svg.appendChild(svgEl('path', { d: 'M' + x(lastC.closeTime) + ',' + y(lastC.close) + 'L' + x(partial.closeTime) + ',' + y(partial.close), stroke: '#4269d0', 'stroke-dasharray': '3 3', 'stroke-width': 1.4, fill: 'none', class: 'partial' }));
      svg.appendChild(svgEl('circle', { cx: x(partial.closeTime), cy: y(partial.close), r: 3, fill: '#4269d0' }));
    }
    sigs.forEach(function (s) {
      var st = state.strategies.get(s.strategyId);
      var buy = s.action === 'BUY';
      var cx = x(s.time), cy = y(s.price);
      var pts = buy ? [cx, cy - 7, cx - 6, cy + 4, cx + 6, cy + 4] : [cx, cy + 7, cx - 6, cy - 4, cx + 6, cy - 4];
      var tri = svgEl('polygon', { points: pts.map(function (n) { return n.toFixed(1); }).join(' '), fill: st ? st.color : '#888', stroke: buy ? '#138a36' : '#c62828', class: 'signal-mark' });
      var title = svgEl('title', {});
      title.textContent = s.strategyId + ': ' + s.action + ' @ ' + fmtPrice(s.price) + ' · ' + fmtTime(s.time) + ' · ' + s.reason;
      tri.appendChild(title);
      svg.appendChild(tri);
    });
    root.replaceChildren(svg);
  }

  // ---- events list ----------------------------------------------------------------------------------------
  function addEvent(kind, time, strategyId, text, action) {
    var list = $('#events');
    var li = el('li', { class: 'ev-' + kind }, [
      el('time', {}, [fmtTime(time)]),
      el('strong', { class: action === 'BUY' ? 'up' : action === 'SELL' || action === 'EXIT' ? 'down' : '' }, [strategyId]),
      el('span', {}, [text]),
    ]);
    list.insertBefore(li, list.firstChild);
    while (list.children.length > MAX_EVENTS) list.removeChild(list.lastChild);
  }

  // ---- wizard ----------------------------------------------------------------------------------------------
  var TEMPLATES = {
    'MACD + RSI': { name: 'MACD strategy', timeframe: '15m', indicators: { macd: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }, rsi: { period: 14, overbought: 70, oversold: 30 } }, rules: { entry: { condition: 'macd_crossover_bullish AND rsi < 70', confidence: 0.75 }, exit: { condition: 'macd_crossover_bearish OR rsi > 80', confidence: 0.8 } }, risk: { maxPositionSize: 0.1, stopLoss: 0.02, takeProfit: 0.04 } },
    'RSI mean reversion': { name: 'RSI strategy', timeframe: '5m', indicators: { rsi: { period: 14, overbought: 70, oversold: 30 } }, rules: { entry: { condition: 'rsi_crossover_bullish', confidence: 0.6 }, exit: { condition: 'rsi_crossover_bearish OR rsi > 75', confidence: 0.7 } }, risk: { maxPositionSize: 0.2, stopLoss: 0.03 } },
    'EMA crossover': { name: 'EMA crossover', timeframe: '5m', indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 } }, rules: { entry: { condition: 'ema_crossover_bullish', confidence: 0.7 }, exit: { condition: 'ema_crossover_bearish', confidence: 0.7 } }, risk: { maxPositionSize: 0.25, stopLoss: 0.04 } },
  };
  // The form covers the main scalar fields; everything else (indicators, params, sizing) is edited in the JSON.
  var FORM_SKIP = { $schema: 1, indicators: 1, params: 1, module: 1, sizing: 1, bufferSize: 1 };
  var wizard = { mode: 'create', id: null, config: {} };

  function loadSchema() {
    if (state.schema) return Promise.resolve(state.schema);
    return api('GET', '/schema/strategy-config').then(function (s) { state.schema = s; return s; });
  }
  function resolveRef(schema, node) {
    var guard = 0;
    while (node && node.$ref && guard++ < 10) {
      var path = node.$ref.replace(/^#\//, '').split('/');
      node = path.reduce(function (o, k) { return o && o[k]; }, schema);
    }
    if (node && node.anyOf && !node.type) {
      var obj = node.anyOf.filter(function (a) { return a.type && a.type !== 'null'; })[0];
      if (obj) node = obj;
    }
    return node;
  }
  function buildFields(schema) {
    var root = $('#wizard-fields');
    root.innerHTML = '';
    function walk(node, path, container, depth) {
      node = resolveRef(schema, node);
      var props = (node && node.properties) || {};
      Object.keys(props).forEach(function (key) {
        if (depth === 0 && FORM_SKIP[key]) return;
        var p = resolveRef(schema, props[key]);
        var full = path.concat([key]);
        if (p && p.type === 'object' && p.properties && depth < 2) {
          var fs = el('fieldset', {}, [el('legend', {}, [full.join('.')])]);
          walk(p, full, fs, depth + 1);
          if (fs.children.length > 1) container.appendChild(fs);
          return;
        }
        if (!p || (p.type !== 'string' && p.type !== 'number' && p.type !== 'integer' && p.type !== 'boolean' && !p.enum)) return;
        var name = full.join('.');
        var input;
        if (p.enum) {
          input = el('select', { name: name }, [el('option', { value: '' }, ['(default' + (p.default !== undefined ? ': ' + p.default : '') + ')'])].concat(p.enum.map(function (v) { return el('option', { value: String(v) }, [String(v)]); })));
        } else if (p.type === 'boolean') {
          input = el('input', { type: 'checkbox', name: name });
        } else if (p.type === 'string') {
          input = el('input', { type: 'text', name: name, placeholder: p.default !== undefined ? String(p.default) : (p.examples ? String(p.examples[0]) : '') });
          if (key === 'symbol') input.setAttribute('list', 'symbols');
        } else {
          input = el('input', { type: 'number', name: name, step: p.type === 'integer' ? '1' : 'any', placeholder: p.default !== undefined ? String(p.default) : '' });
          if (p.minimum !== undefined) input.min = p.minimum;
          if (p.maximum !== undefined) input.max = p.maximum;
        }
        input.setAttribute('data-path', name);
        input.setAttribute('data-type', p.enum ? 'enum' : p.type);
        if (p.description) input.title = p.description;
        input.addEventListener('input', formChanged);
        input.addEventListener('change', formChanged);
        container.appendChild(el('label', { class: 'field', 'data-path': name }, [el('span', {}, [key]), input]));
      });
    }
    walk(schema, [], root, 0);
    var list = el('datalist', { id: 'symbols' });
    var symbols = {};
    state.series.forEach(function (s) { symbols[s.symbol] = 1; });
    Object.keys(symbols).forEach(function (s) { list.appendChild(el('option', { value: s })); });
    root.appendChild(list);
  }
  function getPath(obj, path) { return path.reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj); }
  function setPath(obj, path, value) {
    var chain = [obj];
    var o = obj;
    for (var i = 0; i < path.length - 1; i++) {
      if (typeof o[path[i]] !== 'object' || o[path[i]] === null) o[path[i]] = {};
      o = o[path[i]];
      chain.push(o);
    }
    if (value === undefined) delete o[path[path.length - 1]]; else o[path[path.length - 1]] = value;
    // Objects emptied by clearing a field are dropped, so the JSON stays minimal.
    for (var j = path.length - 1; j > 0; j--) {
      if (Object.keys(chain[j]).length > 0) break;
      delete chain[j - 1][path[j - 1]];
    }
  }
  function formChanged(ev) {
    var input = ev.target;
    var path = input.getAttribute('data-path').split('.');
    var type = input.getAttribute('data-type');
    var value;
    if (type === 'boolean') value = input.checked ? true : undefined;
    else if (input.value === '') value = undefined;
    else if (type === 'number' || type === 'integer') value = Number(input.value);
    else value = input.value;
    setPath(wizard.config, path, value);
    $('#wizard-json').value = JSON.stringify(wizard.config, null, 2);
    $('#wizard-json').classList.remove('bad');
    $('#wizard-json-state').textContent = '';
  }
  function fillForm() {
    document.querySelectorAll('#wizard-fields [data-path]').forEach(function (input) {
      if (input.tagName === 'LABEL') return;
      var v = getPath(wizard.config, input.getAttribute('data-path').split('.'));
      if (input.type === 'checkbox') input.checked = v === true;
      else input.value = v === undefined || v === null ? '' : String(v);
      var lock = wizard.mode === 'edit' && /^(symbol|timeframe|capital|id)$/.test(input.getAttribute('data-path'));
      input.disabled = lock;
    });
  }
  $('#wizard-json').addEventListener('input', function () {
    var ta = $('#wizard-json');
    try {
      var v = JSON.parse(ta.value);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('a config is a JSON object');
      wizard.config = v;
      ta.classList.remove('bad');
      $('#wizard-json-state').textContent = '';
      fillForm();
    } catch (e) {
      ta.classList.add('bad');
      $('#wizard-json-state').textContent = 'JSON: ' + e.message;
    }
  });
  function templateConfig(name) {
    var t = JSON.parse(JSON.stringify(TEMPLATES[name]));
    var symbol = state.series.length ? state.series[0].symbol : 'BTC/USDT';
    var n = 1;
    var base = t.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    while (state.strategies.has(base + '_' + n)) n++;
    return Object.assign({ id: base + '_' + n, name: t.name + ' ' + n, symbol: symbol }, t, { name: t.name + ' ' + n });
  }
  var templateSel = $('#wizard-template');
  Object.keys(TEMPLATES).forEach(function (k) { templateSel.appendChild(el('option', { value: k }, [k])); });
  templateSel.addEventListener('change', function () {
    wizard.config = templateConfig(templateSel.value);
    $('#wizard-json').value = JSON.stringify(wizard.config, null, 2);
    fillForm();
  });

  function showProblems(err) {
    var ul = $('#wizard-errors');
    ul.innerHTML = '';
    document.querySelectorAll('#wizard-fields .field.invalid').forEach(function (f) { f.classList.remove('invalid'); });
    var problems = err.problems && err.problems.length ? err.problems : [{ path: '', message: err.message }];
    if (err.problems && err.problems.length) ul.appendChild(el('li', { class: 'summary' }, [err.message + ':']));
    problems.forEach(function (p) {
      ul.appendChild(el('li', {}, [p.path ? el('code', {}, [p.path]) : null, (p.path ? ' ' : '') + p.message]));
      var field = document.querySelector('#wizard-fields .field[data-path="' + (window.CSS && CSS.escape ? CSS.escape(p.path) : p.path) + '"]');
      if (field) field.classList.add('invalid');
    });
  }

  function openWizard(editId) {
    loadSchema().then(function (schema) {
      buildFields(schema);
      $('#wizard-errors').innerHTML = '';
      if (editId) {
        var s = state.strategies.get(editId);
        wizard.mode = 'edit';
        wizard.id = editId;
        var cfg = JSON.parse(JSON.stringify((s && s.config) || {}));
        wizard.config = cfg;
        $('#wizard-title').textContent = 'Edit ' + editId;
        $('#wizard-submit').textContent = 'Apply changes';
        templateSel.parentNode.hidden = true;
      } else {
        wizard.mode = 'create';
        wizard.id = null;
        wizard.config = templateConfig(templateSel.value || Object.keys(TEMPLATES)[0]);
        $('#wizard-title').textContent = 'New strategy';
        $('#wizard-submit').textContent = 'Start strategy';
        templateSel.parentNode.hidden = false;
      }
      $('#wizard-json').value = JSON.stringify(wizard.config, null, 2);
      $('#wizard-json').classList.remove('bad');
      $('#wizard-json-state').textContent = '';
      fillForm();
      $('#wizard').showModal();
    }).catch(function (e) { toast('cannot load the config schema: ' + e.message, 'error'); });
  }
  $('#new-strategy').addEventListener('click', function () { openWizard(null); });
  $('#wizard-cancel').addEventListener('click', function () { $('#wizard').close(); });
  $('#wizard-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('#wizard-json').value;
    try { JSON.parse(text); } catch (e) { showProblems({ message: 'the JSON is not valid: ' + e.message }); return; }
    var btn = $('#wizard-submit');
    btn.disabled = true;
    var req = wizard.mode === 'edit'
      ? api('PATCH', '/strategies/' + encodeURIComponent(wizard.id) + '/config', text)
      : api('POST', '/strategies/start', text);
    req.then(function (r) {
      $('#wizard').close();
      var id = r.id;
      toast(wizard.mode === 'edit' ? 'updated ' + id : 'started ' + id, 'ok');
      return api('GET', '/strategies/' + encodeURIComponent(id)).then(function (s) {
        upsert(s.id, { summary: { id: s.id, name: s.name, symbol: s.symbol, timeframe: s.timeframe, status: s.status }, metrics: s.metrics, config: s.config });
      });
    }).catch(function (e) { showProblems(e); })
      .then(function () { btn.disabled = false; });
  });

  connect();
  renderAll();
})();
