/* Strategy versions on the dashboard: a "Versions" button on every strategy card opens the version list
   (newest first, current marked), a diff of any two versions, and a rollback button per version.
   Talks to /api/v1/versions; no build step, no dependencies. */
(function () {
  'use strict';
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function api(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' } };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch('/api/v1/versions' + path, init).then(function (res) {
      return res.json().then(function (j) { if (!res.ok) throw new Error(j.error || res.statusText); return j; });
    });
  }
  var style = document.createElement('style');
  style.textContent = '#versions-dialog{max-width:860px;width:92vw;padding:16px 20px;border:1px solid #d0d5dd;border-radius:8px}#versions-dialog table{width:100%;border-collapse:collapse;font-size:13px}' +
    '#versions-dialog td,#versions-dialog th{padding:4px 6px;border-bottom:1px solid #e4e7ec;text-align:left}#versions-dialog code{font-size:12px}' +
    '#versions-dialog .cur{font-weight:600}#versions-diff{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap;background:#f6f7f9;padding:6px;min-height:1.5em}' +
    '#versions-msg{min-height:1.2em}#versions-msg.error{color:#b42318}';
  document.head.appendChild(style);

  var dialog = document.createElement('dialog');
  dialog.id = 'versions-dialog';
  dialog.innerHTML = '<h2 id="versions-title">Versions</h2><p id="versions-msg" role="status"></p>' +
    '<table><thead><tr><th>From</th><th>To</th><th>#</th><th>Hash</th><th>Source</th><th>Created</th><th>Note</th><th></th></tr></thead><tbody id="versions-rows"></tbody></table>' +
    '<p><button type="button" id="versions-diff-btn">Diff selected</button></p><div id="versions-diff" aria-live="polite"></div>' +
    '<footer style="text-align:right;margin-top:8px"><button type="button" id="versions-close">Close</button></footer>';
  document.body.appendChild(dialog);
  var current = null;
  function msg(text, error) { var m = document.getElementById('versions-msg'); m.textContent = text; m.className = error ? 'error' : ''; }

  function load(id) {
    current = id;
    document.getElementById('versions-title').textContent = 'Versions of ' + id;
    document.getElementById('versions-diff').textContent = '';
    return api('GET', '/' + encodeURIComponent(id)).then(function (h) {
      var rows = h.versions.slice().reverse().map(function (v, i, all) {
        var isCur = v.hash === h.current;
        return '<tr data-hash="' + esc(v.hash) + '" class="' + (isCur ? 'cur' : '') + '">' +
          '<td><input type="radio" name="vfrom" value="' + esc(v.hash) + '"' + (i === Math.min(1, all.length - 1) ? ' checked' : '') + ' aria-label="diff from v' + v.number + '"></td>' +
          '<td><input type="radio" name="vto" value="' + esc(v.hash) + '"' + (i === 0 ? ' checked' : '') + ' aria-label="diff to v' + v.number + '"></td>' +
          '<td>v' + v.number + (isCur ? ' (current)' : '') + '</td><td><code>' + esc(v.hash.slice(0, 12)) + '</code></td><td>' + esc(v.source) + '</td>' +
          '<td>' + esc(v.createdAt.replace('T', ' ').slice(0, 19)) + '</td><td>' + esc(v.note || '') + '</td>' +
          '<td><button type="button" data-rollback="' + esc(v.hash) + '"' + (isCur || h.running !== 'running' && h.running !== 'paused' ? ' disabled' : '') + '>Roll back</button></td></tr>';
      });
      document.getElementById('versions-rows').innerHTML = rows.join('');
      msg(h.versions.length + ' version(s); ' + h.log.length + ' switch(es)' + (h.running ? '' : ' · not running here'));
    }).catch(function (e) { document.getElementById('versions-rows').innerHTML = ''; msg(e.message, true); });
  }

  function show(change) {
    var s = function (v) { return v === undefined ? '(absent)' : JSON.stringify(v); };
    return change.path + ': ' + s(change.old) + ' → ' + s(change.new);
  }
  document.getElementById('versions-diff-btn').addEventListener('click', function () {
    var a = dialog.querySelector('input[name=vfrom]:checked');
    var b = dialog.querySelector('input[name=vto]:checked');
    if (!a || !b) return;
    api('GET', '/diff?from=' + encodeURIComponent(a.value) + '&to=' + encodeURIComponent(b.value)).then(function (d) {
      document.getElementById('versions-diff').textContent = 'v' + d.from.number + ' → v' + d.to.number + '\n' + (d.changes.length ? d.changes.map(show).join('\n') : 'no differences');
    }).catch(function (e) { msg(e.message, true); });
  });
  document.getElementById('versions-rows').addEventListener('click', function (ev) {
    var hash = ev.target && ev.target.getAttribute && ev.target.getAttribute('data-rollback');
    if (!hash || !current) return;
    var id = current;
    ev.target.disabled = true;
    api('POST', '/' + encodeURIComponent(id) + '/rollback', { version: hash, note: 'rollback from the dashboard' }).then(function (r) {
      return load(id).then(function () { msg(id + ' now runs v' + r.version.number + ' (' + r.version.hash.slice(0, 12) + ') from the next candle'); });
    }).catch(function (e) { ev.target.disabled = false; msg(e.message, true); });
  });
  document.getElementById('versions-close').addEventListener('click', function () { dialog.close(); });

  function addButtons() {
    document.querySelectorAll('#grid article.card').forEach(function (card) {
      var controls = card.querySelector('.controls');
      if (!controls || controls.querySelector('[data-action=versions]')) return;
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-action', 'versions');
      b.textContent = 'Versions';
      b.addEventListener('click', function () { load(card.getAttribute('data-id')); dialog.showModal(); });
      controls.appendChild(b);
    });
  }
  var grid = document.getElementById('grid');
  if (grid) { new MutationObserver(addButtons).observe(grid, { childList: true }); addButtons(); }
})();
