// Installs the fake agent's packages (npm ci) unless they are installed from the current lockfile.
// The build runs this before the tests and before every `spring-boot:run` (which goes up to
// test-compile), so an installed, unchanged fake costs nothing. npm writes node_modules/.package-lock.json
// as it installs: newer than package-lock.json means installed from it.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const installed = join(here, 'node_modules', '.package-lock.json')
const lockfile = join(here, 'package-lock.json')
if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) {
  process.exit(0)
}
const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' })
process.exit(npm.status ?? 1)
