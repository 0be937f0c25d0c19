// Starts the real orchestrator jar on a random port with a throw-away data directory.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The Spring Boot jar built by `./mvnw package` (or verify); APP_JAR names another (benches compare builds). */
export function findJar() {
  if (process.env.APP_JAR) return process.env.APP_JAR
  const dir = join(root, 'orchestrator', 'target')
  const jar = existsSync(dir) && readdirSync(dir).find((f) => /^orchestrator-.*\.jar$/.test(f) && !f.endsWith('.original'))
  if (!jar) throw new Error('No orchestrator jar: build it first with ./mvnw -B package (or verify)')
  return join(dir, jar)
}

function javaMajor(java) {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' })
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`)
  return m ? Number(m[1]) : 0
}

/** A JDK 21+ like ./mvnw finds: JAVA_HOME, then /usr/lib/jvm, then PATH. */
export function findJava() {
  const candidates = []
  if (process.env.JAVA_HOME) candidates.push(join(process.env.JAVA_HOME, 'bin', 'java'))
  if (existsSync('/usr/lib/jvm')) {
    for (const d of readdirSync('/usr/lib/jvm').sort().reverse()) candidates.push(join('/usr/lib/jvm', d, 'bin', 'java'))
  }
  candidates.push('java')
  for (const c of candidates) if ((c === 'java' || existsSync(c)) && javaMajor(c) >= 21) return c
  throw new Error('No JDK 21 or newer found (set JAVA_HOME)')
}

/** A free-looking port for the app (the fakes that must know its URL beforehand pick it first). */
export function randomPort() {
  return 20000 + Math.floor(Math.random() * 20000)
}

/**
 * Starts the jar and waits until it answers. In local mode `GET /api/projects` is 200 once it is up;
 * with AUTH_MODE=github nobody is signed in yet, so the probe is `GET /api/auth/me` answering 401.
 */
export async function startApp({ env = {}, dataDir, port } = {}) {
  const github = (env.AUTH_MODE ?? process.env.AUTH_MODE) === 'github'
  const probe = github ? { path: '/api/auth/me', status: 401 } : { path: '/api/projects', status: 200 }
  const jar = findJar()
  const java = findJava()
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'iv-e2e-'))
  const chosenPort = port ?? randomPort()
  const url = `http://127.0.0.1:${chosenPort}`
  const log = createWriteStream(join(dir, 'app.log'), { flags: 'a' })
  const child = spawn(java, ['-jar', jar], {
    env: { ...process.env, DATA_DIR: dir, PORT: String(chosenPort), AGENT_RUNTIME: 'demo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  let exited = false
  child.on('exit', () => (exited = true))
  const deadline = Date.now() + 90_000
  for (;;) {
    if (exited) throw new Error(`the app exited during start-up; see ${join(dir, 'app.log')}`)
    try {
      const r = await fetch(`${url}${probe.path}`)
      if (r.status === probe.status) break
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('the app did not answer within 90 s')
    await new Promise((r) => setTimeout(r, 300))
  }
  const app = {
    url,
    port: chosenPort,
    dataDir: dir,
    async stop() {
      if (exited) return
      const done = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await done
      clearTimeout(timer)
    },
    /** Stops and starts the app on the same port and data (kills every open stream). */
    async restart() {
      await app.stop()
      return startApp({ env, dataDir: dir, port: chosenPort })
    },
    async api(path, init = {}) {
      const r = await fetch(`${url}/api${path}`, {
        ...init,
        headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
      })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : undefined }
    },
    /** Removes the data directory; the app's log is kept under artifacts/app-logs for a failed run's diagnosis. */
    cleanup() {
      const logs = join(root, 'e2e', 'artifacts', 'app-logs')
      mkdirSync(logs, { recursive: true })
      const appLog = join(dir, 'app.log')
      if (existsSync(appLog)) copyFileSync(appLog, join(logs, `${new Date().toISOString().replace(/[:.]/g, '-')}-${chosenPort}.log`))
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return app
}

/**
 * Which parts of the back end this build has. The events endpoint (issue 4) and the agent runtime
 * (issue 3) land separately; the specs that need them are skipped, with the reason, until they do.
 */
export async function probeBackend(app, projectId) {
  const controller = new AbortController()
  let events = false
  let eventsReason = ''
  try {
    const r = await fetch(`${app.url}/api/projects/${projectId}/events`, {
      headers: { Accept: 'text/event-stream' },
      signal: controller.signal,
    })
    events = r.ok && (r.headers.get('content-type') ?? '').startsWith('text/event-stream')
    eventsReason = events ? '' : `GET /api/projects/{id}/events answered ${r.status} (not an event stream): the event stream (issue 4) is not in this build`
  } catch (e) {
    eventsReason = `the events endpoint failed: ${e.message}`
  } finally {
    controller.abort()
  }
  const active = await app.api(`/projects/${projectId}/active-runs`)
  const agents = active.status === 200
  const agentsReason = agents ? '' : `GET /api/projects/{id}/active-runs answered ${active.status}: the agent runtime (issue 3) is not in this build`
  return { events, agents, reason: [eventsReason, agentsReason].filter(Boolean).join('; ') }
}
