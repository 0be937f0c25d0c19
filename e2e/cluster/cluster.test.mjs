// Three instances of the real jar on one PostgreSQL database behind nginx (bin/cluster), driven through
// the balancer only. The demo flow runs on autopilot while clients follow the project's stream and the
// user's stream; the instance running a worker is killed with SIGKILL (with its agent, as if its machine
// died). Then: every client's events arrive without a gap or a duplicate (the clients on the dead
// instance resume with Last-Event-ID on another one), the killed run is failed and its subtask's loop
// goes on elsewhere until a later attempt succeeds, the task reaches DONE, the killed run's log stays
// readable, and no two runs of one subtask ever ran at the same time.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { instanceOfId, instanceRunning, psql, startCluster } from './lib/cluster.mjs'
import { follow, position } from './lib/sse.mjs'
import { until } from '../lib/wait.mjs'

describe('cluster: three instances on one PostgreSQL behind nginx, one killed mid-run', () => {
  let cluster
  let passed = false
  const clients = []

  before(async () => {
    cluster = await startCluster({
      instances: 3,
      timeout: 660_000,
      env: {
        AGENT_RUNTIME: 'demo',
        // slow enough that a worker is still printing when it is killed
        AGENT_DEMO_LINE_DELAY_MS: '150',
        AGENT_DEMO_FAILURE_PERCENT: '0',
        AGENT_BACKOFF_BASE_MS: '500',
        AGENT_BACKOFF_MAX_MS: '2000',
        AUTOPILOT_INTERVAL_S: '5',
        SSE_MAX_CONNECTIONS_PER_USER: '100',
        // three JVMs start on two cores: C1 alone and the serial collector start them sooner
        JAVA_OPTS: process.env.JAVA_OPTS ?? '-Xms128m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC',
      },
    })
  })

  after(async () => {
    await Promise.all(clients.map((c) => c.close()))
    if (cluster && !passed) {
      console.log(cluster.tails(60))
      console.log(`all logs: ${cluster.keepLogs()}`)
    }
    await cluster?.stop()
  })

  /** A request through the balancer (or to `base`), JSON both ways. */
  async function api(path, init = {}, base = cluster.balancer_url) {
    const r = await fetch(`${base}/api${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } })
    const text = await r.text()
    return { status: r.status, upstream: r.headers.get('x-upstream'), body: text ? JSON.parse(text) : undefined }
  }

  /**
   * Waits until every status client has received everything committed so far (the positions a fresh
   * stream reports now) and the log follower `logEnd` lines, then checks each client's ids: no gap, no
   * duplicate, no resync.
   */
  async function caughtUp(when, logEnd = 0) {
    const stream = clients.find((c) => c.name.startsWith('project stream'))
    const projectEnd = await position(cluster.balancer_url, stream.url)
    const userEnd = await position(cluster.balancer_url, '/api/events')
    const target = (c) => (c.name === 'user stream' ? userEnd : projectEnd)
    await until(
      () => clients.every((c) => (c.name === 'log follower' ? (c.lastLine ?? 0) >= logEnd : Number(c.lastId) >= target(c))),
      {
        timeout: 30_000,
        what: () =>
          `every client ${when} (project ${projectEnd}, user ${userEnd}, log ${logEnd}): ${clients
            .map((c) => `${c.name} at ${c.name === 'log follower' ? c.lastLine : c.lastId} over ${c.connections.map((k) => k.upstream ?? k.status ?? '-').join(' ')}`)
            .join('; ')}`,
      },
    )
    for (const c of clients.filter((c) => c.name !== 'log follower')) {
      const { gaps, duplicates } = c.check()
      assert.deepEqual(
        { gaps, duplicates, resyncs: c.resyncs },
        { gaps: [], duplicates: [], resyncs: 0 },
        `${c.name} ${when}: ${c.received.length} events over ${c.connections.length} connections`,
      )
    }
  }

  async function runsOf(taskId) {
    const subtasks = (await api(`/tasks/${taskId}/subtasks`)).body ?? []
    const runs = []
    for (const s of subtasks) for (const run of (await api(`/subtasks/${s.id}/runs`)).body ?? []) runs.push({ ...run, key: s.key })
    return { subtasks, runs }
  }

  it('keeps every stream whole, moves the dead instance\'s loop to another instance and finishes the task', { timeout: 12 * 60_000 }, async () => {
    const project = await api('/projects/demo', { method: 'POST' })
    assert.equal(project.status, 201, JSON.stringify(project.body))
    const projectId = project.body.id

    // several clients on the project's stream and one on the user's, spread over the instances by nginx
    for (let i = 0; i < 3; i++) clients.push(follow(cluster.balancer_url, `/api/projects/${projectId}/events`, { name: `project stream ${i + 1}` }))
    clients.push(follow(cluster.balancer_url, '/api/events', { name: 'user stream' }))
    await until(() => clients.every((c) => c.connections[0]?.connected !== undefined), { what: 'every stream connected' })
    const upstreams = new Set(clients.map((c) => c.connections[0].upstream))
    assert.ok(upstreams.size >= 2, `the balancer spread the streams over the instances: ${[...upstreams]}`)

    const created = await api(`/projects/${projectId}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ title: 'Add due dates', description: '- Store a due date per item\n- Highlight overdue items', autopilot: true }),
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const taskId = created.body.id

    // a worker that is running and has printed a few lines, and the instance that runs it
    let victim
    await until(
      async () => {
        const { runs } = await runsOf(taskId)
        for (const run of runs.filter((r) => r.agent_type === 'WORKER' && r.status === 'RUNNING')) {
          const index = instanceOfId(cluster, run.instance_id) ?? instanceRunning(cluster, run.id)
          if (!index) continue
          const instance = cluster.instances[index - 1]
          const log = await api(`/runs/${run.id}/logs?from_line=1&limit=1`, {}, instance.url)
          if (log.body?.line_count >= 5 && !log.body.complete) {
            victim = { run, index, lines: log.body.line_count }
            return true
          }
        }
        return false
      },
      { timeout: 240_000, interval: 300, what: 'a worker printing on some instance' },
    )
    // a client that follows the victim's log, resuming at the next line after every reconnect
    const lines = []
    const logClient = follow(
      cluster.balancer_url,
      (c) => `/api/projects/${projectId}/events?subscribe_logs=${victim.run.id}@${(c.lastLine ?? 0) + 1}`,
      {
        name: 'log follower',
        onEvent: (e) => {
          if (e.event !== 'agent:log') return
          const line = JSON.parse(e.data)
          if (line.run_id !== victim.run.id) return
          lines.push(line.line_number)
          logClient.lastLine = line.line_number
        },
      },
    )
    clients.push(logClient)
    await until(() => lines.length > 0, { what: 'the victim log streaming' })

    const onVictim = clients.filter((c) => c.connections.at(-1).upstream?.endsWith(`:${cluster.instances[victim.index - 1].port}`))
    console.log(`killing instance ${victim.index} (pid ${cluster.instances[victim.index - 1].pid}) while it runs ${victim.run.key} attempt ${victim.run.attempt_number} (${victim.lines}+ lines); ${onVictim.length} of ${clients.length} streams are on it (${onVictim.map((c) => c.name).join(', ')})`)
    cluster.kill(victim.index)
    const killedAt = Date.now()
    const survivors = cluster.instances.filter((s) => s.index !== victim.index)

    // the streams that were on the dead instance resume on the others with nothing lost, before the
    // run is even failed: everything committed up to now reaches every client
    await caughtUp('just after the kill')

    // the run of the dead instance is failed, and its subtask's loop goes on elsewhere to success
    const failed = await until(
      async () => {
        const run = (await api(`/subtasks/${victim.run.subtask_id}/runs`)).body?.find((r) => r.id === victim.run.id)
        return run?.status === 'FAILED' && run
      },
      { timeout: 120_000, interval: 500, what: 'the killed run to be failed (its lease gone with its instance)' },
    )
    console.log(`the killed run was failed ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill: ${failed.error_message}`)
    const later = await until(
      async () => {
        const runs = (await api(`/subtasks/${victim.run.subtask_id}/runs`)).body ?? []
        return runs.find((r) => r.attempt_number > victim.run.attempt_number && r.status === 'SUCCEEDED')
      },
      { timeout: 240_000, interval: 500, what: 'a later attempt of the killed subtask to succeed' },
    )
    const laterOn = instanceOfId(cluster, later.instance_id)
    if (laterOn !== undefined) assert.notEqual(laterOn, victim.index, 'the later attempt ran on a living instance')

    // the task goes on to DONE through the surviving instances
    await until(async () => (await api(`/tasks/${taskId}`)).body?.status === 'DONE', {
      timeout: 300_000,
      interval: 1000,
      what: async () => `the task DONE: ${JSON.stringify((await runsOf(taskId)).subtasks.map((s) => [s.key, s.status]))}`,
    })

    // the killed run's log is readable on every living instance, as far as it got
    for (const s of survivors) {
      const log = await api(`/runs/${victim.run.id}/logs?from_line=1&limit=1`, {}, s.url)
      assert.equal(log.status, 200, `instance ${s.index} reads the killed run's log`)
      assert.ok(log.body.line_count >= victim.lines, `instance ${s.index} has ${log.body.line_count} of the killed run's ${victim.lines}+ lines`)
    }
    const logEnd = (await api(`/runs/${victim.run.id}/logs?from_line=1&limit=1`)).body.line_count

    // every client caught up with the end, with nothing missing and nothing twice
    await caughtUp('at the end', logEnd)
    // the dead instance streamed its own lines from its file as they were printed, so a follower that was
    // on it may have had the last few it printed before they were shipped: those went with it
    const got = onVictim.includes(logClient) ? Math.max(logEnd, lines.length) : logEnd
    assert.deepEqual(lines, Array.from({ length: got }, (_, i) => i + 1), 'the log follower got every line of the killed run once, in order')
    for (const c of onVictim) {
      assert.ok(c.connections.length > 1, `${c.name} was on the killed instance and reconnected`)
      assert.ok(!c.connections.at(-1).upstream.endsWith(`:${cluster.instances[victim.index - 1].port}`), `${c.name} resumed on another instance`)
    }

    // no two runs of one subtask were ever running at the same time (on any instances)
    const overlapping = psql(
      cluster,
      `SELECT a.subtask_id, a.attempt_number, b.attempt_number FROM agent_runs a JOIN agent_runs b
         ON a.subtask_id = b.subtask_id AND a.id < b.id
       WHERE a.status <> 'QUEUED' AND b.status <> 'QUEUED'
         AND a.started_at < COALESCE(b.ended_at, now()) AND b.started_at < COALESCE(a.ended_at, now())`,
    )
    assert.deepEqual(overlapping, [], 'runs of one subtask that overlapped in time')
    const running = psql(cluster, `SELECT id FROM agent_runs WHERE status IN ('RUNNING', 'QUEUED')`)
    assert.deepEqual(running, [], 'no run is left running or queued')
    passed = true
  })
})
