// Screenshots for the README from the scripted fake back end (every board state at once).
// Run: npm run screenshots (after `npm run build` in ../frontend); writes to ../docs/.
import { join } from 'node:path'
import { launch } from '../lib/browser.mjs'
import { sleep } from '../lib/wait.mjs'
import { startFakeServer } from './fake-server.mjs'
import * as data from './data.mjs'

const out = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '..', '..', 'docs')
const server = await startFakeServer({ workerRate: 12 })
const browser = await launch()
try {
  const page = await browser.newPage()
  await page.goto(server.projectUrl)
  await page.getByText('Live', { exact: true }).waitFor()
  await page.getByRole('article', { name: /^s3 / }).waitFor()
  await sleep(500)
  await page.screenshot({ path: join(out, 'board.png') })

  await page.getByRole('button', { name: 'View logs of s3' }).click()
  const panel = page.getByRole('dialog', { name: /^s3/ })
  await panel.getByText('Streaming').waitFor()
  await sleep(2500)
  await page.screenshot({ path: join(out, 'log-panel.png') })
  await page.keyboard.press('Escape')

  await page.goto(`${server.url}/projects/${data.P}/subtasks/${data.subtasks[data.tasks[0].id][1].id}`)
  await page.getByRole('dialog').getByRole('heading', { name: 'Changes' }).waitFor()
  await page.getByLabel('Unified diff').waitFor()
  await sleep(300)
  await page.screenshot({ path: join(out, 'subtask-detail.png') })
  console.log(`screenshots written to ${out}`)
} finally {
  await browser.close()
  await server.close()
}
