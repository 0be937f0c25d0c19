import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const script = join(dirname(fileURLToPath(import.meta.url)), 'unless-built.mjs')

// A stand-in for frontend/ (root) next to a build folder: a few inputs, an installed node_modules, and
// a "build" that counts its runs and writes the output's index.html (or fails when asked to).
let base
let root
let outDir
let stamp
const build = `
  const fs = require('node:fs')
  fs.appendFileSync('../runs', 'x')
  if (fs.existsSync('src/fail')) process.exit(3)
  fs.mkdirSync(process.env.OUT, { recursive: true })
  fs.writeFileSync(process.env.OUT + '/index.html', '<html>')
`

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'unless-built-'))
  root = join(base, 'frontend')
  outDir = join(base, 'target', 'static')
  stamp = join(base, 'target', 'frontend.stamp')
  mkdirSync(join(root, 'src'), { recursive: true })
  mkdirSync(join(root, 'node_modules'))
  writeFileSync(join(root, 'package.json'), '{}')
  writeFileSync(join(root, 'src', 'main.tsx'), 'export {}')
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}')
})

afterEach(() => rmSync(base, { recursive: true, force: true }))

function step(...flags) {
  return spawnSync(
    process.execPath,
    [script, '--root', root, '--out', outDir, '--stamp', stamp, ...flags, '--', process.execPath, '-e', build],
    { env: { ...process.env, OUT: outDir }, encoding: 'utf8' },
  )
}

const runs = () => (existsSync(join(base, 'runs')) ? readFileSync(join(base, 'runs'), 'utf8').length : 0)

describe('unless-built', () => {
  it('skips a step once a build from the same inputs has been recorded', () => {
    expect(step('--record').status).toBe(0)
    expect(runs()).toBe(1)

    const again = step()

    expect(again.status).toBe(0)
    expect(again.stdout).toContain('skipped')
    expect(runs()).toBe(1)
  })

  it('runs every step until a build is recorded', () => {
    step()
    step()

    expect(runs()).toBe(2)
    expect(existsSync(stamp)).toBe(false)
  })

  it('runs again when an input changes, is added or is removed', () => {
    step('--record')
    writeFileSync(join(root, 'src', 'main.tsx'), 'export const changed = 1')
    step('--record')
    writeFileSync(join(root, 'src', 'new.ts'), 'export {}')
    step('--record')
    rmSync(join(root, 'src', 'new.ts'))
    step('--record')

    expect(runs()).toBe(4)
  })

  it('runs again when an input outside the folder changes (the API description the types come from)', () => {
    const api = join(base, 'openapi.json')
    writeFileSync(api, '{"openapi":"3.1.0"}')
    step('--input', api, '--record')
    step('--input', api)
    expect(runs()).toBe(1)

    writeFileSync(api, '{"openapi":"3.1.0","paths":{}}')
    step('--input', api, '--record')

    expect(runs()).toBe(2)
  })

  it('ignores what npm, tsc and Vite write into the folder', () => {
    step('--record')
    writeFileSync(join(root, 'node_modules', 'some-package.js'), '')
    writeFileSync(join(root, 'tsconfig.tsbuildinfo'), '{}')
    mkdirSync(join(root, 'dist'))
    writeFileSync(join(root, 'dist', 'index.html'), '')
    step()

    expect(runs()).toBe(1)
  })

  it('runs again when the output or node_modules is gone', () => {
    step('--record')
    rmSync(outDir, { recursive: true })
    step('--record')
    rmSync(join(root, 'node_modules'), { recursive: true })
    step()

    expect(runs()).toBe(3)
  })

  it('does not count a build into another output directory', () => {
    step('--record')
    outDir = join(base, 'elsewhere')
    step()

    expect(runs()).toBe(2)
  })

  it('passes a failure on and forgets the recorded build', () => {
    step('--record')
    writeFileSync(join(root, 'src', 'fail'), '')

    const failed = step('--record')

    expect(failed.status).toBe(3)
    expect(existsSync(stamp)).toBe(false)
    rmSync(join(root, 'src', 'fail'))
    step()
    expect(runs()).toBe(3)
  })

  it('refuses a call without a command', () => {
    const result = spawnSync(process.execPath, [script, '--out', outDir, '--stamp', stamp], { encoding: 'utf8' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('no command after --')
  })
})

