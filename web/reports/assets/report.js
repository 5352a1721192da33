// Report interactivity, inlined into every report page (no dependencies, works offline):
// strategy toggles hide a strategy's marks in every chart; tables sort by clicking a header.
(function () {
  'use strict';
  var style = document.createElement('style');
  document.head.appendChild(style);
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-toggle]'));
  function applyToggles() {
    var hidden = boxes.filter(function (b) { return !b.checked; }).map(function (b) { return '.' + b.getAttribute('data-toggle'); });
    style.textContent = hidden.length ? hidden.join(',') + '{display:none}' : '';
  }
  boxes.forEach(function (b) { b.addEventListener('change', applyToggles); });
  document.querySelectorAll('[data-toggle-all]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var on = btn.getAttribute('data-toggle-all') === 'on';
      boxes.forEach(function (b) { b.checked = on; });
      applyToggles();
    });
  });

  function cellValue(row, i, numeric) {
    var cell = row.cells[i];
    if (!cell) return numeric ? -Infinity : '';
    if (numeric) {
      var v = cell.getAttribute('data-v');
      return v === null || v === '' ? -Infinity : Number(v);
    }
    return cell.textContent.trim().toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener('click', function () {
        var numeric = th.getAttribute('data-sort') === 'num';
        var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i, numeric), y = cellValue(b, i, numeric);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return dir === 'ascending' ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // Runs list: compare the checked runs.
  var compare = document.getElementById('compare-runs');
  if (compare) {
    compare.addEventListener('click', function () {
      var ids = Array.prototype.slice.call(document.querySelectorAll('input[data-run]:checked')).map(function (b) { return b.getAttribute('data-run'); });
      if (ids.length < 2) { alert('Tick two or more runs to compare.'); return; }
      location.href = '/reports/compare?runs=' + ids.map(encodeURIComponent).join(',');
    });
  }
})();
