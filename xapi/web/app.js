// SPDX-License-Identifier: MIT
// The management page: REST calls with the login's token, the domain list
// kept live by the event stream, consoles, the exits chart, xenstore.
'use strict'

const $ = sel => document.querySelector(sel)
let token = sessionStorage.getItem('token')
let events, consoleSource
const domains = new Map() // uuid -> domain

async function api(method, path, body, type = 'application/json') {
  const headers = { Authorization: `Bearer ${token}` }
  if (body !== undefined) headers['Content-Type'] = type
  const res = await fetch(path, {
    method, headers,
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  })
  if (res.status === 401 && path !== '/api/v1/login') return showLogin()
  const text = await res.text()
  const data = text ? JSON.parse(text) : null
  if (!res.ok) throw new Error(data?.error?.message ?? `${res.status}`)
  return data
}

function showLogin() {
  token = null
  sessionStorage.removeItem('token')
  events?.close()
  $('#login-view').hidden = false
  $('#main-view').hidden = true
  $('#logout').hidden = true
}

async function showMain() {
  $('#login-view').hidden = true
  $('#main-view').hidden = false
  $('#logout').hidden = false
  const list = await api('GET', '/api/v1/domains?limit=500')
  if (!list) return
  domains.clear()
  for (const d of list.items) domains.set(d.uuid, d)
  render()
  follow()
}

// the event stream: every change updates the row; a gap re-reads the list
function follow() {
  events?.close()
  events = new EventSource(`/api/v1/events?access_token=${token}`)
  events.onopen = () => { $('#live').textContent = '(live)' }
  events.onerror = () => { $('#live').textContent = '(reconnecting…)' }
  const update = e => {
    const ev = JSON.parse(e.data)
    if (e.type === 'undefined' || (e.type === 'destroyed' && !ev.domain.persistent && !ev.domain.control_domain))
      domains.delete(ev.domain.uuid)
    else domains.set(ev.domain.uuid, ev.domain)
    render()
  }
  for (const t of ['defined', 'created', 'running', 'paused', 'shutdown', 'crashed', 'destroyed', 'changed', 'undefined'])
    events.addEventListener(t, update)
}

const actionsFor = d => d.control_domain ? [] :
  d.state === 'halted' ? ['start', 'delete'] :
  d.state === 'paused' ? ['unpause', 'destroy', 'console'] :
  ['shutdown', 'reboot', 'pause', 'destroy', 'console']

function render() {
  const tbody = $('#domains tbody')
  tbody.replaceChildren()
  const sorted = [...domains.values()].sort((a, b) => (a.domid < 0) - (b.domid < 0) || a.domid - b.domid || a.name.localeCompare(b.name))
  for (const d of sorted) {
    const tr = document.createElement('tr')
    tr.dataset.name = d.name
    for (const [v, cls] of [[d.name], [d.domid < 0 ? '-' : d.domid], [d.state, `state state-${d.state}`], [d.memory_mib], [d.vcpus]]) {
      const td = document.createElement('td')
      td.textContent = v
      if (cls) td.className = cls
      tr.append(td)
    }
    const td = document.createElement('td')
    for (const a of actionsFor(d)) {
      const b = document.createElement('button')
      b.textContent = a
      b.dataset.action = a
      b.onclick = () => act(d, a)
      td.append(b)
    }
    tr.append(td)
    tbody.append(tr)
  }
  const sel = $('#exits-domain'), was = sel.value
  sel.replaceChildren(...sorted.filter(d => d.domid >= 0).map(d => new Option(d.name, d.name)))
  if (was) sel.value = was
}

async function act(d, action) {
  $('#action-error').textContent = ''
  try {
    if (action === 'console') return openConsole(d)
    if (action === 'delete') await api('DELETE', `/api/v1/domains/${d.uuid}?wait=30`)
    else {
      const t = await api('POST', `/api/v1/domains/${d.uuid}/actions/${action}?wait=30`)
      if (t?.status === 'failure') throw new Error(t.error)
    }
  } catch (e) {
    $('#action-error').textContent = `${action} ${d.name}: ${e.message}`
  }
}

function openConsole(d) {
  consoleSource?.close()
  $('#console').textContent = ''
  $('#console-name').textContent = d.name
  $('#console-view').hidden = false
  consoleSource = new EventSource(`/api/v1/domains/${d.uuid}/console/stream?access_token=${token}`)
  consoleSource.addEventListener('output', e => {
    const pre = $('#console')
    pre.textContent += JSON.parse(e.data)
    pre.scrollTop = pre.scrollHeight
  })
  consoleSource.addEventListener('closed', () => consoleSource.close())
}

async function drawExits() {
  const name = $('#exits-domain').value
  const svg = $('#exits')
  if (!name || !token) return
  let data
  try {
    data = await api('GET', `/api/v1/domains/${encodeURIComponent(name)}/exits`)
  } catch {
    return
  }
  const items = (data?.items ?? []).sort((a, b) => b.count - a.count).slice(0, 8)
  const max = Math.max(1, ...items.map(i => i.count))
  const ns = 'http://www.w3.org/2000/svg'
  svg.replaceChildren()
  items.forEach((it, i) => {
    const y = i * 24 + 4, w = Math.max(1, 260 * it.count / max)
    const label = document.createElementNS(ns, 'text')
    label.setAttribute('x', 0); label.setAttribute('y', y + 14)
    label.textContent = it.name
    const bar = document.createElementNS(ns, 'rect')
    bar.setAttribute('x', 110); bar.setAttribute('y', y); bar.setAttribute('height', 18)
    bar.setAttribute('width', w); bar.setAttribute('fill', '#4a7')
    const n = document.createElementNS(ns, 'text')
    n.setAttribute('x', 114 + w); n.setAttribute('y', y + 14)
    n.textContent = it.count
    svg.append(label, bar, n)
  })
}

async function listXenstore() {
  const path = $('#xs-path').value.replace(/^\/+/, '')
  const ul = $('#xenstore')
  ul.replaceChildren()
  try {
    const node = await api('GET', `/api/v1/xenstore/${path}?list=1`)
    for (const c of node.children ?? []) {
      const li = document.createElement('li')
      li.textContent = c
      li.onclick = () => { $('#xs-path').value = `/${path}/${c}`; listXenstore() }
      ul.append(li)
    }
  } catch (e) {
    const li = document.createElement('li')
    li.className = 'error'
    li.textContent = e.message
    ul.append(li)
  }
}

$('#login').onsubmit = async e => {
  e.preventDefault()
  const f = new FormData(e.target)
  $('#login-error').textContent = ''
  try {
    const r = await api('POST', '/api/v1/login', { user: f.get('user'), password: f.get('password') })
    token = r.token
    sessionStorage.setItem('token', token)
    $('#who').textContent = `${r.user} (${r.role})`
    await showMain()
  } catch (err) {
    $('#login-error').textContent = err.message
  }
}
$('#logout').onclick = async () => { await api('POST', '/api/v1/logout').catch(() => {}); showLogin() }
$('#create-form').onsubmit = async e => {
  e.preventDefault()
  const f = new FormData(e.target)
  $('#create-error').textContent = ''
  try {
    const t = await api('POST', '/api/v1/domains?wait=60', {
      name: f.get('name'), kernel: f.get('kernel'), memory_mib: Number(f.get('memory_mib')),
      cmdline: f.get('cmdline'), start: f.get('start') === 'on',
    })
    if (t?.status === 'failure') throw new Error(t.error)
  } catch (err) {
    $('#create-error').textContent = err.message
  }
}
$('#cfg-form').onsubmit = async e => {
  e.preventDefault()
  $('#create-error').textContent = ''
  try {
    await api('POST', '/api/v1/domains?wait=60', new FormData(e.target).get('cfg'), 'text/plain')
  } catch (err) {
    $('#create-error').textContent = err.message
  }
}
$('#console-close').onclick = () => { consoleSource?.close(); $('#console-view').hidden = true }
$('#xs-go').onclick = listXenstore
$('#exits-domain').onchange = drawExits
setInterval(drawExits, 2000)

if (token) showMain().catch(showLogin)
else showLogin()
