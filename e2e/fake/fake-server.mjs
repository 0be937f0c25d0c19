// A scripted stand-in for the orchestrator: serves the built web UI, a small REST API over the
// data in data.mjs, and a docs/events.md event stream whose runs write log lines at a set rate. It
// lets the UI be shown and measured (bench/) before the agents and the real stream are merged.
// Not a test double for the server's behaviour: nothing here is asserted against the real one.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as data from './data.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' }

export function startFakeServer({ port = 0, dist = join(here, '..', '..', 'frontend', 'dist'), workerRate = 15, plannerRate = 6, millionLines = 1_000_000 } = {}) {
  const runs = new Map()
  const live = (id, lines, rate) => runs.set(id, { lines, rate, complete: false, carry: 0 })
  live(data.RUN_WORKER, 140, workerRate)
  live(data.RUN_PLANNER, 60, plannerRate)
  runs.set(data.RUN_MILLION, { lines: millionLines, rate: 0, complete: true })
  const runOf = (id) => runs.get(id) ?? (runs.set(id, { lines: 200, rate: 0, complete: true }), runs.get(id))

  const connections = new Set()
  let seq = 100
  const emit = (event, payload) => {
    const frame = `event: ${event}\nid: ${++seq}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const c of connections) c.res.write(frame)
  }

  // the runs write lines; each connection gets the lines of the runs it subscribed to
  let last = Date.now()
  const ticker = setInterval(() => {
    const now = Date.now()
    const dt = (now - last) / 1000
    last = now
    for (const r of runs.values()) {
      if (r.complete || !r.rate) continue
      r.carry += r.rate * dt
      const add = Math.floor(r.carry)
      r.carry -= add
      r.lines += add
    }
    for (const c of connections) {
      // respect back-pressure: a client that has not read what it got waits for 'drain'
      if (c.blocked) continue
      let out = ''
      for (const [id, next] of c.subs) {
        const r = runOf(id)
        const to = Math.min(r.lines, next + 5_000 - 1)
        for (let n = next; n <= to; n++) {
          out += `event: agent:log\ndata: ${JSON.stringify({ run_id: id, line: data.logLine(n), line_number: n, timestamp: null })}\n\n`
        }
        c.subs.set(id, to + 1)
      }
      if (out && !c.res.write(out)) {
        c.blocked = true
        c.res.once('drain', () => (c.blocked = false))
      }
    }
  }, 25)
  const heartbeat = setInterval(() => {
    for (const c of connections) c.res.write(`event: heartbeat\ndata: ${JSON.stringify({ timestamp: new Date().toISOString() })}\n\n`)
  }, 15_000)

  const allSubtasks = () => Object.values(data.subtasks).flat()
  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }
  const readBody = (req) =>
    new Promise((resolve) => {
      let b = ''
      req.on('data', (c) => (b += c))
      req.on('end', () => resolve(b ? JSON.parse(b) : undefined))
    })
  const setStatus = (s, status, reason = null) => {
    const old = s.status
    s.status = status
    s.blocked_reason = reason
    s.updated_at = new Date().toISOString()
    emit('subtask:status_changed', { subtask_id: s.id, task_id: s.task_id, old_status: old, new_status: status, blocked_reason: reason, pr_url: s.pr_url, pr_number: s.pr_number, changed_at: s.updated_at })
  }

  async function api(req, res, url) {
    const path = url.pathname.replace(/^\/api/, '')
    const m = (re) => re.exec(path)
    let g
    if (path === '/auth/me') return json(res, 200, { id: 'u1', github_username: 'local', avatar_url: null, created_at: data.project.created_at })
    if (path === '/settings') return json(res, 200, { agents: { runtime: 'claude-code', sandbox: 'bwrap', network: 'on', max_retries: 10, takes_input: true } })
    // "Tell the agent…": the scripted runs take any message
    if ((g = m(/^\/runs\/([^/]+)\/messages$/)) && req.method === 'POST') return json(res, 202, { ...data.activeRuns[0], id: g[1], accepts_input: true, input_unavailable_reason: null })
    if (path === '/projects') return json(res, 200, [data.project])
    if (path === `/projects/${data.P}`) return json(res, 200, data.project)
    if (path === `/projects/${data.P}/tasks` && req.method === 'GET') return json(res, 200, data.tasks)
    if (path === `/projects/${data.P}/tasks` && req.method === 'POST') {
      const body = await readBody(req)
      const t = { ...data.tasks[1], id: crypto.randomUUID(), title: body.title, description: body.description, status: 'PLANNING' }
      data.tasks.push(t)
      data.subtasks[t.id] = []
      emit('task:status_changed', { task_id: t.id, old_status: null, new_status: 'PLANNING', changed_at: t.created_at })
      return json(res, 201, t)
    }
    if (path === `/projects/${data.P}/active-runs`) return json(res, 200, { runs: data.activeRuns })
    if (path === `/projects/${data.P}/events`) return events(req, res, url)
    if ((g = m(/^\/projects\/[^/]+\/events\/([^/]+)\/log-subscriptions$/))) {
      const c = [...connections].find((x) => x.id === g[1])
      if (!c) return json(res, 404, { error: { code: 'NOT_FOUND', message: 'no such connection' } })
      c.subs = parseSubs((await readBody(req)).runs)
      return json(res, 204)
    }
    if ((g = m(/^\/tasks\/([^/]+)\/subtasks$/))) return json(res, 200, data.subtasks[g[1]] ?? [])
    if ((g = m(/^\/tasks\/([^/]+)\/runs$/))) return json(res, 200, g[1] === data.tasks[1].id ? [{ ...data.activeRuns[1], ended_at: null, duration_ms: null, token_usage: 0, error_message: null, runtime: 'claude-code', model: null, cost_usd: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, session_id: null, resumed_session_id: null, accepts_input: true, input_unavailable_reason: null }] : [])
    if ((g = m(/^\/subtasks\/([^/]+)\/runs$/))) return json(res, 200, data.workerRuns[g[1]] ?? [])
    if ((g = m(/^\/subtasks\/([^/]+)\/diff$/))) return json(res, 200, data.diff)
    if ((g = m(/^\/subtasks\/([^/]+)$/))) return json(res, 200, allSubtasks().find((s) => s.id === g[1]))
    if ((g = m(/^\/subtasks\/([^/]+)\/(start|retry|merge|mark-merged)$/))) {
      const s = allSubtasks().find((x) => x.id === g[1])
      if (g[2] === 'merge' || g[2] === 'mark-merged') {
        setStatus(s, 'MERGED')
        for (const d of allSubtasks().filter((x) => x.depends_on.includes(s.id) && x.status === 'BLOCKED')) {
          if (d.depends_on.every((id) => allSubtasks().find((x) => x.id === id)?.status === 'MERGED')) setStatus(d, 'READY')
        }
      } else setStatus(s, 'IN_PROGRESS')
      return json(res, 200, s)
    }
    if ((g = m(/^\/subtasks\/([^/]+)\/position$/))) {
      const s = allSubtasks().find((x) => x.id === g[1])
      const { position } = await readBody(req)
      const column = data.subtasks[s.task_id].filter((x) => x.status === s.status && x.id !== s.id).sort((a, b) => a.position - b.position)
      column.splice(position, 0, s)
      column.forEach((x, i) => (x.position = i))
      return json(res, 200, s)
    }
    if ((g = m(/^\/runs\/([^/]+)\/logs$/))) {
      const r = runOf(g[1])
      const from = Number(url.searchParams.get('from_line') ?? 1)
      const limit = Number(url.searchParams.get('limit') ?? 1000)
      const to = Math.min(r.lines, from + limit - 1)
      const lines = []
      for (let n = from; n <= to; n++) lines.push({ line_number: n, line: data.logLine(n), timestamp: null })
      return json(res, 200, { lines, next_line: Math.max(from, to + 1), complete: r.complete && to >= r.lines, line_count: r.lines })
    }
    return json(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } })
  }

  function parseSubs(entries) {
    const subs = new Map()
    for (const e of entries ?? []) {
      if (!e) continue
      const [id, at] = e.split('@')
      if (id === 'all') continue
      subs.set(id, at ? Number(at) : 1)
    }
    return subs
  }

  function events(req, res, url) {
    const c = { id: crypto.randomUUID(), res, subs: parseSubs(url.searchParams.get('subscribe_logs')?.split(',')) }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    res.write(`retry: 1000\n\nevent: connected\ndata: ${JSON.stringify({ connection_id: c.id, project_id: data.P, active_runs: data.activeRuns })}\n\n`)
    connections.add(c)
    req.on('close', () => connections.delete(c))
  }

  function files(req, res, url) {
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(dist, rel)
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html') // SPA fallback
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname.startsWith('/api/')) return void api(req, res, url)
    files(req, res, url)
  })
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address()
      resolve({
        url: `http://127.0.0.1:${bound}`,
        projectUrl: `http://127.0.0.1:${bound}/projects/${data.P}`,
        runs,
        close: () =>
          new Promise((r) => {
            clearInterval(ticker)
            clearInterval(heartbeat)
            for (const c of connections) c.res.end()
            server.close(r)
          }),
      })
    })
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startFakeServer({ port: Number(process.env.PORT ?? 5174) })
  console.log(`fake back end with the web UI on ${s.projectUrl}`)
}
