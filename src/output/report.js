/*
 * git bench report: draws the page from the JSON document embedded in it
 * (element #gb-data; its format is described in docs/report.md).
 *
 * Every string from the data reaches the page through textContent or an
 * attribute value, never as markup, so a benchmark whose name holds a
 * script element is shown as the characters of it. Each chart is a few
 * SVG paths rather than one element per point, and one pointer handler per
 * chart finds the commit under the cursor, so a thousand commits times
 * fifty benchmarks draw at once.
 */
(function () {
  'use strict';

  /* The SVG namespace as the HTML parser gives it: spelled out, it would be
   * the page's one URL, and "no URL in the page" is the simplest proof that
   * it fetches nothing. */
  var SVG_NS = new DOMParser().parseFromString('<svg></svg>', 'text/html').body.firstChild.namespaceURI;
  var SCHEMA = 1;
  var W = 720, H = 230;
  var M = { left: 70, right: 14, top: 22, bottom: 30 };
  var app = document.getElementById('app');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    }
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function finite(v) { return v !== null && v !== undefined && isFinite(v); }

  function fail(message) {
    app.textContent = '';
    app.appendChild(el('p', 'error', 'This report cannot be shown: ' + message));
  }

  var data;
  try {
    data = JSON.parse(document.getElementById('gb-data').textContent);
  } catch (e) {
    fail('its data does not parse (' + e.message + ')');
    return;
  }
  if (!data || data.schema !== SCHEMA) {
    fail('its data has schema ' + (data && data.schema) + ', this page reads ' + SCHEMA);
    return;
  }

  /* ---- units, as git bench prints them ---------------------------------- */

  var TIME = { ns: 1, us: 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, ms: 1e6, s: 1e9 };
  var TIME_NAMES = ['ns', '\u00b5s', 'ms', 's'];
  var PREFIXES = ['', 'k', 'M', 'G', 'T'];

  /* How to show values of `unit` whose size is about `ref`. */
  function scaleFor(unit, ref) {
    var f = TIME[unit], i = 0, r = Math.abs(ref);
    if (f) {
      r *= f;
      while (i < 3 && r >= 1000) { r /= 1000; i++; }
      return { div: Math.pow(1000, i) / f, name: TIME_NAMES[i], time: true };
    }
    if (!/^[A-Za-z]/.test(unit || '') || r < 1000) return { div: 1, name: unit || '', time: false };
    while (i < 4 && r >= 1000) { r /= 1000; i++; }
    return { div: Math.pow(1000, i), name: PREFIXES[i] + unit, time: false };
  }

  function number(v, scale, own) {
    var a = Math.abs(v), d = 2;
    if (own && a > 0 && a < 0.1) d = a >= 0.01 ? 3 : 4;
    if (v === 0 || (a >= 1 && Math.floor(a) === a && !scale.time)) d = 0;
    return v.toFixed(d);
  }

  function fmt(v, unit, ref) {
    if (!finite(v)) return '-';
    var s = scaleFor(unit, ref === undefined ? v : ref);
    var x = v / s.div;
    return number(x, s, ref === undefined) + (s.name ? ' ' + s.name : '');
  }

  function percent(p) {
    if (!finite(p)) return '-';
    return (p > 0 ? '+' : '') + p.toFixed(2) + '%';
  }

  function date(t) {
    return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  /* ---- commits ------------------------------------------------------------ */

  var commits = data.commits;
  var damaged = {};
  commits.damaged.forEach(function (i) { damaged[i] = true; });

  /* The shortest prefix, at least 7, that tells the report's commits apart. */
  var abbrev = (function () {
    var ids = commits.id.slice().sort(), n = 7;
    for (var i = 1; i < ids.length; i++) {
      var a = ids[i - 1], b = ids[i], k = 0;
      while (k < a.length && a[k] === b[k]) k++;
      n = Math.max(n, k + 1);
    }
    return n;
  })();

  function shortId(id) { return id.slice(0, abbrev); }

  /* Per machine: commit positions to commit indices, points to positions. */
  function decodeMachine(m) {
    var at = 0, i, labels = {};
    m.global = m.commits.map(function (d) { at += d; return at; });
    m.labels.forEach(function (l) { labels[l[0]] = l[1]; });
    m.labelAt = labels;
    m.benchmarks.forEach(function (b) {
      var pos = 0;
      b.pos = b.c.map(function (d) { pos += d; return pos; });
      pos = 0;
      b.rpos = (b.rc || []).map(function (d) { pos += d; return pos; });
      b.cpAt = {};
      b.cp.forEach(function (c) { b.cpAt[c[0]] = c; });
      b.vdAt = {};
      b.vd.forEach(function (v) { b.vdAt[v[0]] = v; });
      /* Runs of a commit, and their mean for the trend line. */
      b.byPos = {};
      for (i = 0; i < b.pos.length; i++) {
        (b.byPos[b.pos[i]] = b.byPos[b.pos[i]] || []).push(i);
      }
    });
    return m;
  }
  data.machines.forEach(decodeMachine);

  function meanAt(b, pos) {
    var idx = b.byPos[pos], s = 0, n = 0;
    if (!idx) return NaN;
    idx.forEach(function (i) { if (finite(b.v[i])) { s += b.v[i]; n++; } });
    return n ? s / n : NaN;
  }

  /* ---- the page ------------------------------------------------------------ */

  var tooltip = el('div');
  tooltip.id = 'tooltip';
  tooltip.hidden = true;
  document.body.appendChild(tooltip);

  var controls = el('div', 'controls');
  var filter = el('input');
  filter.type = 'search';
  filter.placeholder = 'Filter benchmarks by name';
  filter.setAttribute('aria-label', 'Filter benchmarks by name');
  controls.appendChild(filter);

  /* A machine by its alias (bench.machine.<key>.alias) and key. */
  function machineName(m) {
    return m.alias ? m.alias + ' (' + m.key + ')' : m.key || 'all machines';
  }

  var machineIndex = 0;
  if (data.summary && data.summary.machine) {
    data.machines.forEach(function (m, i) { if (m.key === data.summary.machine) machineIndex = i; });
  }
  var select = null;
  if (data.machines.length > 1) {
    var label = el('label', null, 'Machine ');
    select = el('select');
    data.machines.forEach(function (m, i) {
      var o = el('option', null, machineName(m) +
        (m.about ? ' \u2014 ' + m.about : '') +
        ' (' + m.runs + ' run' + (m.runs === 1 ? '' : 's') + ')');
      o.value = String(i);
      select.appendChild(o);
    });
    select.value = String(machineIndex);
    label.appendChild(select);
    controls.appendChild(label);
  }
  var count = el('span', 'muted');
  controls.appendChild(count);
  app.appendChild(controls);

  var summaryBox = el('section');
  summaryBox.id = 'summary';
  app.appendChild(summaryBox);
  var regressionsBox = el('section');
  regressionsBox.id = 'regressions';
  app.appendChild(regressionsBox);
  var machineLine = el('p', 'muted');
  app.appendChild(machineLine);
  var chartsBox = el('div', 'charts');
  app.appendChild(chartsBox);
  var footer = el('footer', null, 'Made by git-bench ' + data.version + ' on ' + date(data.generated) +
    ' from ' + commits.id.length + ' measured commit' + (commits.id.length === 1 ? '' : 's') +
    (commits.damaged.length ? ' (' + commits.damaged.length + ' with damaged results)' : '') +
    '; ' + data.estimator + ' of each run; steps by E-divisive means, judged as compare judges; verdicts against the previous measured commit' +
    (data.window ? '; dashed: the ' + data.window + ' of the measured commits up to each (by commit date, or the last ones).' : '.'));
  app.appendChild(footer);

  var sections = [];   /* {name, node} of the charts shown */

  /* A benchmark in a measure, as the command line shows it. */
  function benchLabel(b) {
    return b.measure && b.measure !== 'time' ? b.name + ' [' + b.measure + ']' : b.name;
  }

  function showSection(name) {
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].name === name) {
        if (sections[i].node.hidden) { filter.value = ''; applyFilter(); }
        sections[i].node.scrollIntoView({ block: 'start' });
        return;
      }
    }
  }

  /* ---- the comparison at the top ------------------------------------------- */

  function commitText(side) {
    return shortId(side.id) + ' ' + side.subject;
  }

  function drawSummary() {
    var all = data.comparisons || (data.summary ? [data.summary] : []);
    summaryBox.textContent = '';
    if (!all.length) {
      summaryBox.appendChild(el('p', 'muted', 'No comparison: the newest measured commit has no earlier results to compare with.'));
      return;
    }
    all.forEach(function (s) { drawComparison(s, all.length > 1); });
  }

  /* One comparison of the newest commit; `named`: one of several baselines. */
  function drawComparison(s, named) {
    summaryBox.appendChild(el('h2', null, named ? 'Newest commit against ' + (s.base_how || shortId(s.base.id))
      : 'Newest commit against its baseline'));
    var how = s.base_how ? ' (' + s.base_how + (s.base_distance ? ', ' + s.base_distance + ' commit' +
      (s.base_distance === 1 ? '' : 's') + ' back' : '') + ')' : '';
    summaryBox.appendChild(el('p', null, 'Baseline: ' + commitText(s.base) + how + ' \u00b7 ' + date(s.base.time)));
    summaryBox.appendChild(el('p', null, 'Current: ' + commitText(s.head) + ' \u00b7 ' + date(s.head.time)));
    summaryBox.appendChild(el('p', 'muted', 'Machine: ' + (s.machine || 'any') + ' \u00b7 ' + data.estimator +
      ' \u00b7 regression over ' + s.max_regression + '%' +
      (finite(s.geomean) ? ' \u00b7 geometric mean change ' + percent(s.geomean) : '')));
    var table = el('table', 'verdicts');
    var head = el('tr');
    ['Benchmark', 'Baseline', 'Current', 'Change', 'Verdict'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    var counts = {};
    s.rows.forEach(function (r) {
      var tr = el('tr');
      tr.setAttribute('data-name', benchLabel(r));
      var cell = el('td');
      var a = el('a', null, benchLabel(r));
      a.href = '#';
      a.addEventListener('click', function (ev) { ev.preventDefault(); showSection(benchLabel(r)); });
      cell.appendChild(a);
      tr.appendChild(cell);
      tr.appendChild(el('td', null, fmt(r.base, r.unit)));
      tr.appendChild(el('td', null, fmt(r.head, r.unit)));
      tr.appendChild(el('td', null, r.verdict === 'NEW' ? 'new' : r.verdict === 'REMOVED' ? 'removed' : percent(r.change)));
      var v = el('td', 'v-' + (r.failed ? 'REGRESSION' : r.verdict), r.verdict + (r.within_noise ? ' (within noise)' : '') +
        (r.failed && r.verdict !== 'REGRESSION' ? ' (over budget)' : ''));
      v.title = 'evidence: ' + r.evidence + (finite(r.noise) ? ', run-to-run noise ' + r.noise.toFixed(2) + '%' : '');
      tr.appendChild(v);
      body.appendChild(tr);
      counts[r.verdict] = (counts[r.verdict] || 0) + 1;
    });
    table.appendChild(body);
    summaryBox.appendChild(table);
    var words = ['REGRESSION', 'SLOWER', 'UNCERTAIN', 'STABLE', 'FASTER', 'IMPROVED', 'NEW', 'REMOVED'].filter(function (k) {
      return counts[k];
    }).map(function (k) { return counts[k] + ' ' + k.toLowerCase(); });
    summaryBox.appendChild(el('p', 'muted', words.join(', ') || 'no benchmarks'));
  }

  /* ---- charts ---------------------------------------------------------------- */

  function niceStep(span, n) {
    var raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
  }

  /*
   * The range of the values and their spreads, with some room, not below
   * zero unless a value is. A spread counts up to three times the
   * median one, so that one wild run does not flatten the rest.
   */
  function yRange(b) {
    var lo = Infinity, hi = -Infinity, sds = b.sd.filter(finite).sort(function (a, c) { return a - c; });
    var cap = sds.length ? 3 * sds[sds.length >> 1] : 0;
    b.v.forEach(function (v, i) {
      if (!finite(v)) return;
      var sd = finite(b.sd[i]) ? Math.min(b.sd[i], cap) : 0;
      lo = Math.min(lo, v - sd);
      hi = Math.max(hi, v + sd);
    });
    if (lo === Infinity) { lo = 0; hi = 1; }
    var pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.05 || 1;
    var vmin = Math.min.apply(null, b.v.filter(finite).concat([0]));
    return [vmin >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
  }

  /* A tick label with as many decimals as the step between ticks needs. */
  function tickLabel(t, unit, ref, step) {
    var s = scaleFor(unit, ref), d = Math.max(0, Math.ceil(-Math.log10(step / s.div) - 1e-9));
    return (t / s.div).toFixed(Math.min(d, 6)) + (s.name ? ' ' + s.name : '');
  }

  /* Dates under the axis, or short ids when the commits share a day. */
  function xLabel(m, p, byDate) {
    var gi = m.global[p];
    return byDate ? date(commits.time[gi]).slice(0, 10) : shortId(commits.id[gi]);
  }

  function verdictClass(v) {
    return v[1].toLowerCase() + (v[3] === 'runs' || v[3] === 'history' ? '' : ' unconfirmed');
  }

  function marked(v) { return v[1] === 'REGRESSION' || v[1] === 'IMPROVED'; }

  function worse(change, higher) {
    return higher ? change < 0 : change > 0;
  }

  function drawChart(m, b, index) {
    var n = m.global.length;
    var pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    var r = yRange(b), lo = r[0], hi = r[1];
    var ref = Math.max(Math.abs(lo), Math.abs(hi));
    var x = function (p) { return M.left + (n > 1 ? p * pw / (n - 1) : pw / 2); };
    var y = function (v) { return M.top + ph - (v - lo) / (hi - lo) * ph; };
    var root = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'data-bench': benchLabel(b), preserveAspectRatio: 'xMidYMid meet' });
    root.appendChild(svg('title', {}, benchLabel(b)));
    var clipId = 'clip-' + index;
    var defs = svg('defs', {});
    var clip = svg('clipPath', { id: clipId });
    clip.appendChild(svg('rect', { x: M.left - 6, y: M.top - 4, width: pw + 12, height: ph + 8 }));
    defs.appendChild(clip);
    root.appendChild(defs);

    /* Grid and axes. */
    var step = niceStep(hi - lo, 4), t;
    for (t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      root.appendChild(svg('line', { 'class': 'grid', x1: M.left, x2: M.left + pw, y1: y(t), y2: y(t) }));
      root.appendChild(svg('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, tickLabel(t, b.unit, ref, step)));
    }
    root.appendChild(svg('line', { 'class': 'axis', x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph }));
    var ticks = Math.min(n, 5), seen = {};
    var byDate = n > 1 && xLabel(m, 0, true) !== xLabel(m, n - 1, true);
    for (var k = 0; k < ticks; k++) {
      var p = ticks > 1 ? Math.round(k * (n - 1) / (ticks - 1)) : 0, text = xLabel(m, p, byDate);
      if (seen[text]) continue;
      seen[text] = true;
      root.appendChild(svg('text', { x: x(p), y: H - 8, 'text-anchor': ticks === 1 ? 'middle' : k === 0 ? 'start' : k === ticks - 1 ? 'end' : 'middle' },
        text));
    }

    /* Labels (versions) as small marks on the axis. */
    Object.keys(m.labelAt).forEach(function (pos) {
      var mark = svg('path', { 'class': 'label-mark', d: 'M' + x(+pos) + ' ' + (M.top + ph) + 'l-4 6h8z' });
      mark.appendChild(svg('title', {}, m.labelAt[pos]));
      root.appendChild(mark);
    });

    /* Trend of each commit's mean, per-run spreads and the points. */
    var trend = [], spread = [], dots = [], i, pos;
    Object.keys(b.byPos).map(Number).sort(function (a, c) { return a - c; }).forEach(function (q) {
      var mv = meanAt(b, q);
      if (isFinite(mv)) trend.push((trend.length ? 'L' : 'M') + x(q).toFixed(1) + ' ' + y(mv).toFixed(1));
    });
    for (i = 0; i < b.v.length; i++) {
      if (!finite(b.v[i])) continue;
      var px = x(b.pos[i]).toFixed(1), py = y(b.v[i]);
      dots.push('M' + px + ' ' + py.toFixed(1) + 'h0');
      if (finite(b.sd[i]) && b.sd[i] > 0) {
        spread.push('M' + px + ' ' + y(b.v[i] - b.sd[i]).toFixed(1) + 'V' + y(b.v[i] + b.sd[i]).toFixed(1));
      }
    }
    /* The rolling mean or median of report --window, dashed. */
    var rolling = [];
    b.rpos.forEach(function (q, k) {
      if (finite(b.rv[k])) rolling.push((rolling.length ? 'L' : 'M') + x(q).toFixed(1) + ' ' + y(b.rv[k]).toFixed(1));
    });
    var g = svg('g', { 'clip-path': 'url(#' + clipId + ')' });
    if (spread.length) g.appendChild(svg('path', { 'class': 'spread', d: spread.join('') }));
    if (trend.length > 1) g.appendChild(svg('path', { 'class': 'trend', d: trend.join('') }));
    if (rolling.length > 1) g.appendChild(svg('path', { 'class': 'rolling', d: rolling.join('') }));
    if (dots.length) g.appendChild(svg('path', { 'class': 'points', d: dots.join('') }));
    root.appendChild(g);

    /* Change points: where the level moved, with how much. */
    b.cp.forEach(function (c) {
      var id = commits.id[m.global[c[0]]];
      var cg = svg('g', { 'class': 'changepoint ' + (worse(c[1], b.higher) ? 'worse' : 'better'), 'data-commit': id,
        'data-verdict': c[3] });
      cg.appendChild(svg('title', {}, 'Step at ' + shortId(id) + ': ' + percent(c[1]) + ', ' + c[3] + ' (p = ' + c[2] + ')'));
      cg.appendChild(svg('line', { x1: x(c[0]), x2: x(c[0]), y1: M.top - 4, y2: M.top + ph }));
      var right = x(c[0]) > M.left + pw * 0.8;
      cg.appendChild(svg('text', { x: x(c[0]) + (right ? -4 : 4), y: M.top + 6, 'text-anchor': right ? 'end' : 'start' }, percent(c[1])));
      root.appendChild(cg);
    });

    /*
     * Verdicts against the previous measured commit. Only those beyond
     * bench.maxRegression are marked: over a long history the warning
     * levels (SLOWER, FASTER) catch noise often enough to hide the rest,
     * so they are left to the tooltip.
     */
    b.vd.filter(marked).forEach(function (v) {
      var mv = meanAt(b, v[0]), id = commits.id[m.global[v[0]]];
      if (!isFinite(mv)) return;
      var ring = svg('circle', { 'class': 'verdict ' + verdictClass(v), cx: x(v[0]), cy: y(mv), r: 7, 'data-commit': id,
        'data-verdict': v[1] });
      ring.appendChild(svg('title', {}, v[1] + ' at ' + shortId(id) + ': ' + percent(v[2])));
      root.appendChild(ring);
    });

    /* Hover: the commit nearest the pointer. */
    var hoverLine = svg('line', { 'class': 'hover-line', y1: M.top, y2: M.top + ph, visibility: 'hidden' });
    var hoverDots = svg('g', {});
    root.appendChild(hoverLine);
    root.appendChild(hoverDots);
    var overlay = svg('rect', { 'class': 'overlay', x: M.left - 6, y: M.top - 4, width: pw + 12, height: ph + 8 });
    root.appendChild(overlay);
    overlay.addEventListener('mousemove', function (ev) {
      var box = root.getBoundingClientRect();
      var sx = (ev.clientX - box.left) * W / box.width;
      pos = n > 1 ? Math.round((sx - M.left) * (n - 1) / pw) : 0;
      pos = Math.max(0, Math.min(n - 1, pos));
      hoverLine.setAttribute('x1', x(pos));
      hoverLine.setAttribute('x2', x(pos));
      hoverLine.setAttribute('visibility', 'visible');
      hoverDots.textContent = '';
      (b.byPos[pos] || []).forEach(function (i2) {
        if (finite(b.v[i2])) hoverDots.appendChild(svg('circle', { 'class': 'hover-dot', cx: x(pos), cy: y(b.v[i2]), r: 4 }));
      });
      showTooltip(ev, m, b, pos);
    });
    overlay.addEventListener('mouseleave', function () {
      hoverLine.setAttribute('visibility', 'hidden');
      hoverDots.textContent = '';
      tooltip.hidden = true;
    });
    return root;
  }

  function showTooltip(ev, m, b, pos) {
    var gi = m.global[pos], id = commits.id[gi];
    tooltip.textContent = '';
    var first = el('div');
    first.appendChild(el('span', 'tt-id', shortId(id)));
    if (m.labelAt[pos] !== undefined) first.appendChild(document.createTextNode(' (' + m.labelAt[pos] + ')'));
    tooltip.appendChild(first);
    tooltip.appendChild(el('div', null, commits.subject[gi]));
    if (accepted(gi)) tooltip.appendChild(el('div', 'v-ACCEPTED', 'Bench-Accept: ' + accepted(gi)));
    tooltip.appendChild(el('div', 'muted', date(commits.time[gi])));
    var runs = b.byPos[pos] || [];
    if (damaged[gi]) tooltip.appendChild(el('div', 'error', 'results of this commit could not be read'));
    else if (!runs.length) tooltip.appendChild(el('div', 'muted', 'not measured in this benchmark'));
    runs.forEach(function (i) {
      tooltip.appendChild(el('div', null, fmt(b.v[i], b.unit) +
        (finite(b.sd[i]) ? ' \u00b1 ' + fmt(b.sd[i], b.unit, b.v[i]) : '')));
    });
    var v = b.vdAt[pos];
    if (v) tooltip.appendChild(el('div', 'v-' + v[1], v[1] + ' ' + percent(v[2]) + ' against the previous measured commit' +
      (v[3] === 'runs' || v[3] === 'history' ? '' : ' (thresholds only: too little history to know the noise)')));
    var c = b.cpAt[pos];
    if (c) tooltip.appendChild(el('div', 'v-' + c[3],
      'step: the level moves ' + percent(c[1]) + (c[7] > 1 ? ' in ' + stepRange(m, c) + ' (' + c[7] + ' commits' +
        (c[4] ? ', ' + c[4] + ' without results' : '') + '): ' + (c[8] ? 'git bench bisect --run names it, '
          : 'the noise cannot place it; more runs of them do, ') : ' here, ') + c[3]));
    tooltip.hidden = false;
    var tx = ev.clientX + 14, ty = ev.clientY + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (tx + w > window.innerWidth - 8) tx = Math.max(8, ev.clientX - w - 14);
    if (ty + h > window.innerHeight - 8) ty = Math.max(8, ev.clientY - h - 14);
    tooltip.style.left = tx + 'px';
    tooltip.style.top = ty + 'px';
  }

  /* What the commit's Bench-Accept trailers accept, or null. */
  function accepted(gi) {
    return commits.accepted ? commits.accepted[gi] : null;
  }

  function acceptedText(gi) {
    return accepted(gi) ? ' (Bench-Accept: ' + accepted(gi) + ')' : '';
  }

  /* "9a1b2c3..4af99eb": the commits a step may be in, as git names them. */
  function stepRange(m, c) {
    return shortId(commits.id[m.global[c[5]]]) + '..' + shortId(commits.id[m.global[c[6]]]);
  }

  /* What moved, in words: change points and the verdicts marked. */
  function eventList(m, b) {
    var items = [];
    b.cp.forEach(function (c) {
      var gi = m.global[c[0]];
      items.push({ pos: c[0], cls: 'v-' + c[3],
        text: c[7] > 1 ? 'Step in ' + stepRange(m, c) + ' ' + percent(c[1]) + ', ' + c[3] + ' (' + c[7] + ' commits' +
          (c[8] ? ', ' + c[4] + ' without results)' : ', the noise cannot place it)')
          : 'Step at ' + shortId(commits.id[gi]) + ' ' + percent(c[1]) + ', ' + c[3] + ': ' + commits.subject[gi] + acceptedText(gi) });
    });
    b.vd.filter(marked).forEach(function (v) {
      var gi = m.global[v[0]];
      items.push({ pos: v[0], cls: 'v-' + v[1], text: v[1] + ' at ' + shortId(commits.id[gi]) + ' ' + percent(v[2]) +
        (v[3] === 'runs' || v[3] === 'history' ? '' : ' (thresholds only)') + ': ' + commits.subject[gi] + acceptedText(gi) });
    });
    if (!items.length) return null;
    items.sort(function (a, c) { return c.pos - a.pos; });
    var ul = el('ul', 'events');
    items.slice(0, 8).forEach(function (it) { ul.appendChild(el('li', it.cls, it.text)); });
    if (items.length > 8) ul.appendChild(el('li', 'muted', (items.length - 8) + ' earlier not listed'));
    return ul;
  }

  /*
   * Every REGRESSION of the range on the machine (a commit against the
   * measured commit before it), newest first: the comparison at the top is
   * of the newest commit alone, and a regression further back must not
   * wait in a chart below.
   */
  var REGRESSIONS_LISTED = 20;

  function drawRegressions(m) {
    var items = [];
    m.benchmarks.forEach(function (b) {
      b.vd.forEach(function (v) {
        if (v[1] === 'REGRESSION') items.push({ b: b, v: v });
      });
    });
    regressionsBox.textContent = '';
    if (!items.length) {
      regressionsBox.appendChild(el('p', 'muted', 'No regression in this range on this machine.'));
      return;
    }
    items.sort(function (a, c) { return c.v[0] - a.v[0]; });
    regressionsBox.appendChild(el('h2', null, items.length + ' regression' + (items.length === 1 ? '' : 's') +
      ' in this range'));
    var ul = el('ul', 'events');
    items.slice(0, REGRESSIONS_LISTED).forEach(function (it) {
      var gi = m.global[it.v[0]], li = el('li', 'v-REGRESSION'), a = el('a', null, it.b.name);
      li.setAttribute('data-commit', commits.id[gi]);
      li.setAttribute('data-bench', it.b.name);
      a.href = '#';
      a.addEventListener('click', function (ev) { ev.preventDefault(); showSection(it.b.name); });
      li.appendChild(a);
      li.appendChild(document.createTextNode(' ' + percent(it.v[2]) + ' at ' + shortId(commits.id[gi]) +
        (it.v[3] === 'runs' || it.v[3] === 'history' ? '' : ' (thresholds only)') + ': ' + commits.subject[gi]));
      ul.appendChild(li);
    });
    if (items.length > REGRESSIONS_LISTED) {
      ul.appendChild(el('li', 'muted', (items.length - REGRESSIONS_LISTED) + ' earlier not listed'));
    }
    regressionsBox.appendChild(ul);
  }

  function drawMachine() {
    var m = data.machines[machineIndex];
    drawRegressions(m);
    chartsBox.textContent = '';
    sections = [];
    machineLine.textContent = 'Machine ' + machineName(m) + (m.about ? ' \u2014 ' + m.about : '') + ': ' +
      m.global.length + ' measured commit' + (m.global.length === 1 ? '' : 's') + ', ' + m.runs + ' run' +
      (m.runs === 1 ? '' : 's') + ', ' + m.benchmarks.length + ' benchmark' + (m.benchmarks.length === 1 ? '' : 's') + '.';
    var frag = document.createDocumentFragment();
    m.benchmarks.forEach(function (b, i) {
      var sec = el('section', 'bench');
      sec.id = 'bench-' + i;
      sec.setAttribute('data-name', benchLabel(b));
      sec.appendChild(el('h2', null, benchLabel(b)));
      var last = b.v.length ? b.v[b.v.length - 1] : null;
      sec.appendChild(el('p', 'meta', b.unit + ', ' + (b.higher ? 'higher is better' : 'lower is better') +
        ' \u00b7 ' + b.v.length + ' run' + (b.v.length === 1 ? '' : 's') + ' \u00b7 latest ' + fmt(last, b.unit)));
      sec.appendChild(drawChart(m, b, i));
      var events = eventList(m, b);
      if (events) sec.appendChild(events);
      frag.appendChild(sec);
      sections.push({ name: benchLabel(b), node: sec });
    });
    chartsBox.appendChild(frag);
    applyFilter();
  }

  function applyFilter() {
    var q = filter.value.trim().toLowerCase(), shown = 0;
    sections.forEach(function (s) {
      s.node.hidden = q !== '' && s.name.toLowerCase().indexOf(q) < 0;
      if (!s.node.hidden) shown++;
    });
    Array.prototype.forEach.call(summaryBox.querySelectorAll('tr[data-name]'), function (tr) {
      tr.hidden = q !== '' && tr.getAttribute('data-name').toLowerCase().indexOf(q) < 0;
    });
    count.textContent = shown + ' of ' + sections.length + ' benchmark' + (sections.length === 1 ? '' : 's');
  }

  filter.addEventListener('input', applyFilter);
  if (select) {
    select.addEventListener('change', function () {
      machineIndex = Number(select.value);
      drawMachine();
    });
  }
  drawSummary();
  drawMachine();
})();
