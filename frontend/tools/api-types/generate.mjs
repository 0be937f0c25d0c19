// Writes the web UI's API types (src/types/openapi.ts) from the OpenAPI document the server serves,
// as committed in docs/openapi.json. With --check it writes nothing and fails when the committed
// types differ from what the document gives, so a build cannot ship types that drifted from the API.
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const frontend = resolve(here, '../..')
const documentFile = resolve(frontend, '../docs/openapi.json')
const typesFile = resolve(frontend, 'src/types/openapi.ts')
const check = process.argv.includes('--check')

installGenerator()
const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript')
const generated = COMMENT_HEADER + astToString(await openapiTS(pathToFileURL(documentFile)))
const current = existsSync(typesFile) ? readFileSync(typesFile, 'utf8') : null
const shown = relative(frontend, typesFile)

if (check) {
  if (current !== generated) {
    console.error(
      `${shown} is not what ${relative(frontend, documentFile)} gives. Regenerate it with: npm run gen:api-types ` +
        '(and if the server changed, first docs/openapi.json: see the README, "API description and types").',
    )
    process.exit(1)
  }
  console.log(`${shown} matches the OpenAPI document`)
} else if (current === generated) {
  console.log(`${shown} is up to date`)
} else {
  writeFileSync(typesFile, generated)
  console.log(`wrote ${shown}`)
}

/** This folder's own pinned install (npm ci), redone when its lockfile changes. */
function installGenerator() {
  const lock = readFileSync(resolve(here, 'package-lock.json'))
  const hash = createHash('sha256').update(lock).digest('hex')
  const stamp = resolve(here, 'node_modules/.lock-sha256')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    return
  }
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' })
  if (npm.status !== 0) {
    console.error(`npm ci in ${relative(frontend, here)} failed`)
    process.exit(1)
  }
  writeFileSync(stamp, hash)
}
