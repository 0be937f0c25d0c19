#!/usr/bin/env node
// Runs one step of the web UI's build (npm ci, lint, bundle) unless the UI was already built from the
// same inputs into the same output directory, so that starting the app again does not redo ~20 s of
// npm work when nothing in frontend/ changed.
//
//   node scripts/unless-built.mjs --out <dir> --stamp <file> [--record] [--root <dir>] [--input <file>]... -- <command...>
//
// The inputs are every file under the root (default: the working directory) except node_modules,
// build output and caches, each --input file outside it (e.g. the API description the types come
// from), plus the Node version, the VITE_* variables and the output directory's path. The stamp file holds their fingerprint; the step that finishes the build passes --record and
// writes it after the command succeeds. A step is skipped only while the stamp matches, the output
// directory has its index.html and node_modules is installed (later steps, the tests, need it). A
// failing step removes the stamp, so the next build runs every step again. Deleting the stamp (or
// `mvn clean`, which deletes target/) forces a full build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

// Produced by npm, tsc -b, Vite or Vitest: changing them must not count as a change of the inputs.
const IGNORED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '.vite', '.git'])
const IGNORED_FILE_SUFFIXES = ['.tsbuildinfo', '.log']

function inputFiles(root) {
  const files = []
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) walk(path)
      } else if (!IGNORED_FILE_SUFFIXES.some((suffix) => entry.name.endsWith(suffix))) {
        files.push(path)
      }
    }
  }
  walk(root)
  // the same order on every machine, whatever order the file system lists them in
  return files.map((path) => relative(root, path).split(sep).join('/')).sort()
}

/** A hash of everything the UI's build reads, and of where it writes. */
export function fingerprint(root, outDir, env = process.env, extraInputs = []) {
  const hash = createHash('sha256')
  const field = (value) => hash.update(value).update('\0')
  field('unless-built 1')
  field(process.version)
  field(resolve(outDir))
  for (const name of Object.keys(env).filter((key) => key.startsWith('VITE_')).sort()) {
    field(`${name}=${env[name]}`)
  }
  for (const file of inputFiles(root)) {
    const path = join(root, file)
    field(file)
    field(lstatSync(path).isSymbolicLink() ? `-> ${readlinkSync(path)}` : readFileSync(path))
  }
  for (const file of extraInputs) {
    field(`input ${relative(root, file).split(sep).join('/')}`)
    field(existsSync(file) ? readFileSync(file) : '(missing)')
  }
  return hash.digest('hex')
}

export function isBuilt({ root, outDir, stamp, expected }) {
  return (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === expected &&
    existsSync(join(outDir, 'index.html')) &&
    existsSync(join(root, 'node_modules', '.package-lock.json'))
  )
}

function parseArguments(args) {
  const separator = args.indexOf('--')
  if (separator < 0 || separator === args.length - 1) throw new Error('no command after --')
  const options = { root: process.cwd(), record: false, inputs: [], command: args.slice(separator + 1) }
  const flags = args.slice(0, separator)
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]
    if (flag === '--record') options.record = true
    else if (flag === '--input' && i + 1 < flags.length) options.inputs.push(flags[++i])
    else if (['--out', '--stamp', '--root'].includes(flag) && i + 1 < flags.length) options[flag.slice(2)] = flags[++i]
    else throw new Error(`unknown option ${flag}`)
  }
  if (!options.out || !options.stamp) throw new Error('--out and --stamp are required')
  const root = resolve(options.root)
  return {
    ...options,
    root,
    inputs: options.inputs.map((file) => resolve(root, file)),
    outDir: resolve(options.out),
    stamp: resolve(options.stamp),
  }
}

function main(args) {
  let options
  try {
    options = parseArguments(args)
  } catch (error) {
    console.error(`unless-built: ${error.message}`)
    console.error(
      'usage: node scripts/unless-built.mjs --out <dir> --stamp <file> [--record] [--root <dir>] [--input <file>]... -- <command...>',
    )
    return 2
  }
  const { root, outDir, stamp, record, inputs, command } = options
  const expected = fingerprint(root, outDir, process.env, inputs)
  // the command without its options and paths: `npm ci`, `npm run build`
  const firstOption = command.findIndex((arg, i) => i > 0 && arg.startsWith('-'))
  const shown = (firstOption < 0 ? command : command.slice(0, firstOption)).join(' ')
  if (isBuilt({ root, outDir, stamp, expected })) {
    console.log(`[frontend] skipped \`${shown}\`: nothing changed since the build into ${relative(process.cwd(), outDir) || '.'}`)
    return 0
  }
  const result = spawnSync(command[0], command.slice(1), {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32', // npm is npm.cmd there
  })
  if (result.error || result.status !== 0) {
    rmSync(stamp, { force: true })
    if (result.error) console.error(`unless-built: cannot run ${command[0]}: ${result.error.message}`)
    return result.status ?? 1
  }
  if (record) {
    // the fingerprint from before the command: a file edited while it ran makes the next build run again
    mkdirSync(dirname(stamp), { recursive: true })
    writeFileSync(`${stamp}.tmp`, `${expected}\n`)
    renameSync(`${stamp}.tmp`, stamp)
  }
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}
