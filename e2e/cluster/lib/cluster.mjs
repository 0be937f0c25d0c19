// Starts bin/cluster (N instances of the jar on one PostgreSQL database behind nginx) and reads its state.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const script = join(root, 'bin', 'cluster')

/**
 * Starts the cluster and resolves once bin/cluster says it is ready (every instance and the balancer
 * answer). `env` is passed on to the instances. The result's stop() ends it (graceful, then the
 * database is dropped and the folder removed).
 */
export async function startCluster({ instances = 3, env = {}, timeout = 660_000 } = {}) {
  const child = spawn(script, ['start', '-n', String(instances)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let exited = false
  child.on('exit', () => (exited = true))
  child.stderr.on('data', (d) => (output += d))
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster was not ready within ${timeout} ms:\n${output}`)), timeout)
    child.stdout.on('data', (d) => {
      output += d
      const dir = /cluster: dir (\S+)/.exec(output)
      if (/cluster: ready: /.test(output) && dir) {
        clearTimeout(timer)
        resolve(dir[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bin/cluster exited with ${code} before it was ready:\n${output}`))
    })
  })
  const dir = await ready
  const state = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8'))
  return {
    ...state,
    output: () => output,
    /** SIGKILL of instance i (1-based) and the processes under it, as if its machine died. */
    kill(i) {
      const r = spawnSync(script, ['kill', dir, String(i)], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`bin/cluster kill failed: ${r.stderr}`)
      return r.stdout
    },
    async stop() {
      if (exited) return
      const done = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      await done
      clearTimeout(timer)
    },
    /** Copies the instances' and nginx's logs to e2e/artifacts/cluster-logs/<time>/ (the cluster's folder goes on stop). */
    keepLogs() {
      const to = join(root, 'e2e', 'artifacts', 'cluster-logs', new Date().toISOString().replace(/[:.]/g, '-'))
      mkdirSync(to, { recursive: true })
      for (const s of state.instances) if (existsSync(s.log)) copyFileSync(s.log, join(to, `instance-${s.index}.log`))
      for (const f of ['error.log', 'access.log']) if (existsSync(join(dir, 'nginx', f))) copyFileSync(join(dir, 'nginx', f), join(to, `nginx-${f}`))
      writeFileSync(join(to, 'bin-cluster.out'), output)
      return to
    },
    /** The last lines of each instance's log, for a failed test's diagnosis. */
    tails(lines = 40) {
      return state.instances
        .map((s) => {
          const text = existsSync(s.log) ? readFileSync(s.log, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)'
          return `--- instance ${s.index} (port ${s.port}) ---\n${text}`
        })
        .join('\n')
    },
  }
}

/** The pids of every process below `pid` (from /proc). */
export function descendants(pid) {
  const children = new Map()
  for (const p of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(p))
    } catch {
      // gone meanwhile
    }
  }
  const out = []
  const walk = (p) => {
    for (const c of children.get(p) ?? []) (out.push(c), walk(c))
  }
  walk(pid)
  return out
}

function environValue(pid, name) {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
    const entry = env.find((e) => e.startsWith(`${name}=`))
    return entry ? entry.slice(name.length + 1) : undefined
  } catch {
    return undefined
  }
}

/**
 * The instance (1-based index) whose process tree runs the agent of `runId`: the agent processes carry
 * IV_RUN_ID in their environment. undefined when no instance runs it (now).
 */
export function instanceRunning(cluster, runId) {
  for (const s of cluster.instances) {
    if (descendants(s.pid).some((p) => environValue(p, 'IV_RUN_ID') === runId)) return s.index
  }
  return undefined
}

/**
 * The instance an `instance_id` names (host-pid-suffix, the pid of the instance's JVM), if the run
 * records one.
 */
export function instanceOfId(cluster, instanceId) {
  if (!instanceId) return undefined
  const m = /-(\d+)-[^-]+$/.exec(instanceId)
  return m ? cluster.instances.find((s) => s.pid === Number(m[1]))?.index : undefined
}

/** psql against the cluster's database; rows as arrays of strings (unaligned, tab-separated). */
export function psql(cluster, sql) {
  const r = spawnSync('psql', [cluster.database_url.replace(/^postgresql:/, 'postgres:'), '-XAtF', '\t', '-c', sql], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`)
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
}
