// The apigen viewer: plain DOM and hand-drawn SVG, no libraries, nothing fetched from elsewhere.
// Every text from the data (model output included) goes in as a text node, never as markup.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const main = document.getElementById('main');
let overview = null;
let refreshTimer = null;

// ---- DOM helpers ----------------------------------------------------------------------------

function node(ns, tag, attrs, children) {
  const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') e.addEventListener(k.slice(2), v);
    else if (k === 'class' && !ns) e.className = v;
    else e.setAttribute(k, String(v));
  }
  for (const c of [].concat(children === undefined ? [] : children).flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const h = (tag, attrs, ...children) => node(null, tag, attrs, children);
const s = (tag, attrs, ...children) => node(SVG, tag, attrs, children);

async function api(path) {
  const r = await fetch('/api/' + path, { cache: 'no-store' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

const fmt = n => Number(n || 0).toLocaleString('en-US');

function pretty(text) {
  if (text === null || text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return String(text);
  }
}

function parseJson(text, fallback) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return fallback;
  }
}

function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

function badge(outcome, reason) {
  return h('span', { class: 'badge ' + outcome }, reason ? outcome.replace('_', ' ') + ': ' + reason : outcome.replace('_', ' '));
}

function copyButton(text) {
  return h('button', {
    class: 'copy', type: 'button', title: 'copy the command',
    onclick: ev => {
      navigator.clipboard && navigator.clipboard.writeText(text);
      ev.target.textContent = 'copied';
    }
  }, 'copy');
}

function command(text) {
  return h('div', { class: 'command' }, h('code', {}, text), copyButton(text));
}

// ---- charts ---------------------------------------------------------------------------------

/** Horizontal bars, one per [label, value]; empty data says so instead of drawing nothing. */
function barChart(id, entries, colour) {
  if (!entries.length || entries.every(([, v]) => !v)) return h('p', { class: 'muted', id }, 'none');
  const max = Math.max(...entries.map(([, v]) => v), 1);
  const row = 26, labelW = 190, barW = 300, width = labelW + barW + 70;
  const chart = s('svg', { id, class: 'chart', viewBox: `0 0 ${width} ${entries.length * row + 4}`, width, role: 'img' });
  entries.forEach(([label, value], i) => {
    const y = i * row + 2;
    const w = Math.max(value ? 2 : 0, Math.round(barW * value / max));
    chart.append(s('g', { class: 'bar', 'data-label': label, 'data-count': value },
      s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, label),
      s('rect', { x: labelW, y: y + 3, width: w, height: row - 8, rx: 3, fill: colour }),
      s('text', { x: labelW + w + 6, y: y + 16, class: 'count' }, fmt(value))));
  });
  return chart;
}

/** The funnel: one centred bar per step, its width the step's share of the widest, losses beside it. */
function funnelChart(steps) {
  const row = 58, width = 880, barMax = 460, cx = 300;
  const max = Math.max(...steps.map(st => st.count), 1);
  const chart = s('svg', { id: 'funnel', class: 'chart funnel', viewBox: `0 0 ${width} ${steps.length * row}`, width, role: 'img' });
  steps.forEach((st, i) => {
    const y = i * row;
    const w = Math.max(st.count ? 4 : 0, Math.round(barMax * st.count / max));
    const lost = Object.entries(st.lost || {}).filter(([, n]) => n > 0);
    const g = s('g', { class: 'funnel-step', 'data-step': st.key, 'data-count': st.count },
      s('rect', { x: cx - w / 2, y: y + 6, width: w, height: row - 22, rx: 4, class: 'step-' + i }),
      s('text', { x: cx, y: y + 28, 'text-anchor': 'middle', class: 'step-text' },
        s('tspan', { class: 'count' }, fmt(st.count)), ' ' + st.unit),
      s('text', { x: cx + barMax / 2 + 16, y: y + 22, class: 'label' }, st.label),
      s('text', { x: cx + barMax / 2 + 16, y: y + 40, class: 'note' },
        lost.length ? '− ' + lost.map(([k, n]) => `${fmt(n)} ${k}`).join(', ') : (st.note || '')));
    chart.append(g);
  });
  return chart;
}

// ---- pages ----------------------------------------------------------------------------------

async function showOverview() {
  overview = await api('overview');
  const o = overview;
  const ledger = h('div', { class: 'stats' }, ...[
    ['requested', 'requested'], ['verified', 'verified'], ['dead_lettered', 'dead-lettered'], ['in_flight', 'in flight']
  ].map(([key, label]) => h('div', { class: 'stat ' + key, 'data-ledger': key },
    h('span', { class: 'value' }, fmt(o.ledger[key])), h('span', { class: 'name' }, label))));
  const domains = Object.entries(o.domains || {});
  render(
    ledger,
    o.notes.length ? h('ul', { class: 'notes' }, o.notes.map(n => h('li', {}, n))) : null,
    section('Funnel', h('p', { class: 'muted' },
      'Tasks requested, blueprints through Stage 1 (format, execution, policy) and the committee, rollouts, verified trajectories.'),
      funnelChart(o.funnel)),
    h('div', { class: 'two' },
      section('Rejected blueprints by kind', barChart('rejections', Object.entries(o.rejections_by_kind), '#e08a2c')),
      section('Dead letters by reason', barChart('dead-letter-reasons', Object.entries(o.dead_letters_by_reason), '#c94a4a'),
        h('p', {}, h('a', { href: '#/dead-letters' }, 'every dead letter and how to redrive it →')))),
    domains.length ? section('Per domain', table(['domain', 'requested', 'verified', 'dead-lettered'],
      domains.map(([d, v]) => [h('a', { href: '#/tasks?domain=' + encodeURIComponent(d) }, d),
        fmt(v.requested), fmt(v.verified), fmt(v.dead_lettered)]))) : null);
  if (o.live) {
    refreshTimer = setTimeout(() => route(), 5000);
  }
}

function table(headers, rows, rowAttrs) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))),
    h('tbody', {}, rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(i) : {}, cells.map(c => h('td', {}, c))))));
}

async function facets() {
  if (!overview) overview = await api('overview');
  return overview.facets;
}

async function showTasks(params) {
  const f = await facets();
  const q = new URLSearchParams(params);
  const page = await api('tasks?' + q.toString());
  const select = (name, values, label) => h('label', {}, label,
    h('select', { name }, h('option', { value: '' }, 'any'),
      values.map(v => h('option', { value: v, selected: q.get(name) === v ? 'selected' : null }, v))));
  const form = h('form', {
    class: 'search', id: 'task-search',
    onsubmit: ev => {
      ev.preventDefault();
      const data = new URLSearchParams();
      for (const [k, v] of new FormData(ev.target)) if (v) data.set(k, v);
      location.hash = '#/tasks?' + data.toString();
    }
  },
    h('label', {}, 'text', h('input', { name: 'q', type: 'search', value: q.get('q') || '', placeholder: 'task id or instruction' })),
    select('domain', f.domains || [], 'domain'),
    select('tool', f.tools || [], 'tool'),
    select('outcome', f.outcomes || [], 'outcome'),
    h('button', { type: 'submit' }, 'Search'));
  const offset = page.offset, shown = page.items.length;
  const move = delta => {
    const next = new URLSearchParams(q);
    next.set('offset', Math.max(0, offset + delta));
    return '#/tasks?' + next.toString();
  };
  render(form,
    h('p', { class: 'muted', id: 'task-count' }, `${fmt(page.total)} tasks match` +
      (page.total > shown ? `; showing ${offset + 1}–${offset + shown}` : '')),
    table(['task', 'domain', 'outcome', 'attempts', 'tools', 'instruction'],
      page.items.map(t => [h('a', { href: '#/task/' + encodeURIComponent(t.task_id) }, t.task_id), t.domain,
        badge(t.outcome, t.reason), String(t.attempts), (t.tools || []).join(', '), t.instruction]),
      i => ({ class: 'task-row', 'data-task-id': page.items[i].task_id })),
    h('p', { class: 'pager' },
      offset > 0 ? h('a', { href: move(-50) }, '← previous') : null, ' ',
      offset + shown < page.total ? h('a', { href: move(50) }, 'next →') : null));
}

function conversation(messages) {
  const out = h('div', { class: 'conversation', id: 'conversation' });
  for (const m of messages) {
    if (m.role === 'system') {
      out.append(h('details', { class: 'message system' }, h('summary', {}, 'system prompt (the domain policy)'),
        h('pre', {}, m.content || '')));
      continue;
    }
    if (m.reasoning_content) {
      out.append(h('details', { class: 'message reasoning' }, h('summary', {}, 'agent reasoning'), h('pre', {}, m.reasoning_content)));
    }
    if (m.role === 'assistant' && m.tool_calls && m.tool_calls.length) {
      if (m.content) out.append(h('div', { class: 'message agent' }, h('span', { class: 'who' }, 'agent'), m.content));
      for (const c of m.tool_calls) {
        out.append(h('div', { class: 'message tool-call', 'data-tool': c.name },
          h('span', { class: 'who' }, 'agent calls ', h('b', { class: 'tool-name' }, c.name)),
          h('pre', {}, pretty(c.arguments_json))));
      }
    } else if (m.role === 'tool') {
      out.append(h('div', { class: 'message observation' },
        h('span', { class: 'who' }, 'observation from ', h('b', {}, m.name || 'tool')), h('pre', {}, pretty(m.content))));
    } else if (m.role === 'user') {
      out.append(h('div', { class: 'message customer' }, h('span', { class: 'who' }, 'customer'), m.content || ''));
    } else {
      out.append(h('div', { class: 'message agent' }, h('span', { class: 'who' }, 'agent'), m.content || ''));
    }
  }
  return out;
}

function actions(blueprint) {
  if (!blueprint) return h('p', { class: 'muted' }, 'no blueprint recorded');
  return h('div', { id: 'ground-truth' },
    h('ol', { class: 'actions' }, blueprint.actions.map(a =>
      h('li', {}, h('b', {}, a.name), h('pre', {}, pretty(a.arguments_json))))),
    h('p', {}, h('b', {}, 'expected outputs: '),
      blueprint.outputs.length ? blueprint.outputs.join(' · ') : h('span', { class: 'muted' }, 'none')));
}

function stateDiff(diffText) {
  const changes = parseJson(diffText, null);
  if (!Array.isArray(changes)) return h('pre', {}, pretty(diffText));
  if (!changes.length) return h('p', { class: 'muted' }, 'no change');
  const value = v => v === null || v === undefined ? h('span', { class: 'muted' }, '—') : h('pre', {}, JSON.stringify(v, null, 2));
  return h('div', { id: 'state-diff' }, table(['path', 'before', 'after'], changes.map(c => [h('code', {}, c.path), value(c.before), value(c.after)])));
}

function verdicts(list) {
  if (!list || !list.length) return h('p', { class: 'muted' }, 'no verdicts');
  const mark = n => h('span', { class: n ? 'yes' : 'no' }, n ? '1' : '0');
  return table(['judge', 'correct', 'complete', 'satisfies', 'creative', 'reflection', 'correction'],
    list.map(v => v.abstained
      ? [v.judge, h('span', { class: 'muted' }, 'abstained'), '', '', '', v.reflection, v.correction]
      : [v.judge, mark(v.correctness), mark(v.completeness), mark(v.satisfaction), mark(v.creativity), v.reflection, v.correction]));
}

function usageTable(byStage) {
  const rows = Object.entries(byStage || {});
  if (!rows.length) return h('p', { class: 'muted' }, 'no usage recorded');
  return table(['stage', 'model calls', 'prompt tokens', 'completion tokens'],
    rows.map(([stage, u]) => [stage, fmt(u.llm_calls), fmt(u.prompt_tokens), fmt(u.completion_tokens)]));
}

async function showTask(id) {
  const t = await api('tasks/' + encodeURIComponent(id));
  const traj = t.trajectory;
  const last = t.blueprints.length ? t.blueprints[t.blueprints.length - 1] : null;
  const review = (traj && traj.review) || (t.approvals.length ? t.approvals[t.approvals.length - 1] : null);
  const parts = [
    h('h1', { id: 'task-title' }, t.task_id, ' ', badge(t.outcome, t.reason)),
    h('p', { class: 'muted' }, `${t.domain} · seed ${t.seed_id} · ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}` +
      (traj ? ` · verified on trial ${traj.trial}` : '')),
    section('Instruction', h('p', { class: 'instruction' }, t.instruction || ''),
      last && last.persona ? h('p', { class: 'muted' }, 'persona: ', last.persona) : null,
      last ? h('p', { class: 'muted' }, 'customer ', last.user_id, ' · generator ', last.generator_model) : null)
  ];
  if (traj) {
    parts.push(section(`Conversation (${traj.messages.length} messages)`, conversation(traj.messages)));
  }
  parts.push(h('div', { class: 'two' },
    section('Ground-truth actions', actions(last)),
    traj ? section('Verification', table(['', ''], [
      ['state hash expected', h('code', {}, traj.verification.state_hash_expected)],
      ['state hash at the end', h('code', {}, traj.verification.state_hash_actual)],
      ['outputs found', traj.verification.outputs_found.join(' · ') || '—'],
      ['outputs missing', traj.verification.outputs_missing.join(' · ') || '—']])) : null));
  if (review) {
    parts.push(section('State diff of the ground-truth actions', stateDiff(review.diff_patch)));
    parts.push(section(`Committee: score ${Number(review.score).toFixed(2)}`, h('div', { id: 'verdicts' }, verdicts(review.verdicts))));
  }
  if (traj) {
    const trials = (traj.failed_trials || []).map(f => [String(f.trial), f.end_reason || 'model call failed', f.summary]);
    trials.push([String(traj.trial), 'passed', 'final state and every expected output matched']);
    parts.push(section('Rollout trials', h('div', { id: 'trials' }, table(['trial', 'ended', 'result'], trials))));
  }
  parts.push(section('History', history(t)));
  if (t.dead_letter) {
    const d = t.dead_letter;
    parts.push(section('Dead letter', table(['', ''], [['stage', d.stage], ['reason', d.reason], ['attempts', String(d.attempts)],
      ['error', h('pre', {}, d.error)]]),
      h('p', {}, h('a', { href: '#/dead-letters' }, 'redrive commands →'))));
  }
  parts.push(section('Model usage of this task', usageTable(t.usage_by_stage)));
  render(...parts);
}

/** Every attempt: the blueprint it proposed and what became of it. */
function history(t) {
  const rejected = Object.fromEntries(t.rejections.map(r => [r.attempt, r]));
  const approved = Object.fromEntries(t.approvals.map(a => [a.attempt, a]));
  if (!t.blueprints.length) return h('p', { class: 'muted' }, 'no blueprint recorded');
  return h('ol', { class: 'history', id: 'history' }, t.blueprints.map(b => {
    const r = rejected[b.attempt], a = approved[b.attempt];
    return h('li', {},
      h('div', {}, h('b', {}, `attempt ${b.attempt}`), ' ',
        r ? h('span', { class: 'badge dead_lettered' }, 'rejected: ' + (r.stage === 'review' ? 'committee' : r.stage)) : null,
        a ? h('span', { class: 'badge verified' }, 'approved, score ' + Number(a.score).toFixed(2)) : null),
      h('p', { class: 'instruction' }, b.instruction),
      h('p', { class: 'muted' }, b.actions.map(x => x.name).join(' → ')),
      b.feedback_history.length ? h('details', {}, h('summary', {}, 'improvement plan it was revised with'),
        h('pre', {}, b.feedback_history[b.feedback_history.length - 1])) : null,
      r ? h('ul', { class: 'reasons' }, r.reasons.map(x => h('li', {}, x))) : null,
      r && r.rollout_summary ? h('pre', {}, r.rollout_summary) : null,
      r && r.judge_verdicts.length ? verdicts(r.judge_verdicts) : null);
  }));
}

async function showDeadLetters() {
  const page = await api('dead-letters');
  if (!overview) overview = await api('overview');
  render(
    page.total && !page.cluster_known ? h('ul', { class: 'notes' }, h('li', {},
      'Redrive runs against the cluster that holds the dead letters: add its --bootstrap-servers and ' +
      '--schema-registry-url to the commands (a run on the embedded broker took its topics with it).')) : null,
    section(`Dead letters by reason, stage and seed (${fmt(page.total)})`,
      page.groups.length ? table(['reason', 'stage', 'seed', 'count', 'redrive'],
        page.groups.map(g => [g.reason, g.stage, g.seed_id, fmt(g.count), command(g.command)])) : h('p', { class: 'muted' }, 'none')),
    page.items.length ? section('Every dead letter', table(['id', 'stage', 'reason', 'attempts', 'error'],
      page.items.map(d => [h('a', { href: '#/task/' + encodeURIComponent(d.id) }, d.id), d.stage, d.reason,
        String(d.attempts), h('pre', { class: 'error' }, d.error)]), i => ({ class: 'dead-letter', 'data-id': page.items[i].id }))) : null);
}

async function showUsage() {
  overview = await api('overview');
  const u = overview.usage;
  const cost = Object.entries(overview.cost || {});
  render(
    section('Model usage per stage',
      h('p', { class: 'muted' }, 'What each stage added to the usage its records carry, summed over the tasks.'),
      table(['stage', 'model calls', 'prompt tokens', 'completion tokens'],
        u.by_stage.map(x => [x.stage, fmt(x.llm_calls), fmt(x.prompt_tokens), fmt(x.completion_tokens)])
          .concat([[h('b', {}, 'total (report)'), fmt(u.total.llm_calls), fmt(u.total.prompt_tokens), fmt(u.total.completion_tokens)]])),
      barChart('calls-by-stage', u.by_stage.map(x => [x.stage, x.llm_calls]), '#2f6fdf')),
    section('Cost', cost.length ? table(['field of the report', 'value'], cost.map(([k, v]) => [h('code', {}, k), String(v)]))
      : h('p', { class: 'muted', id: 'no-cost' }, 'The report carries no cost figures (prices are not configured): tokens and calls only.')));
}

// ---- routing --------------------------------------------------------------------------------

function render(...children) {
  main.replaceChildren(...children.filter(c => c !== null && c !== undefined));
}

async function route() {
  clearTimeout(refreshTimer);
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const tab = path.startsWith('/task') ? 'tasks' : path === '/' ? 'overview' : path.slice(1);
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === tab));
  try {
    if (path === '/' || path === '') await showOverview();
    else if (path === '/tasks') await showTasks(query || '');
    else if (path.startsWith('/task/')) await showTask(decodeURIComponent(path.slice('/task/'.length)));
    else if (path === '/dead-letters') await showDeadLetters();
    else if (path === '/usage') await showUsage();
    else render(h('p', {}, 'no such page: ', path));
    if (overview) document.getElementById('source').textContent = overview.source + (overview.live ? ' (live)' : '');
    main.dataset.ready = hash;
  } catch (e) {
    render(h('p', { class: 'error', id: 'error' }, 'could not load: ', e.message));
  }
}

window.addEventListener('hashchange', route);
route();
