// The README's screenshots, taken from the real jar with the demo agent (npm run screenshots:real,
// after building the jar): a task with plan review, its plan awaiting approval, the board on
// autopilot with a worker's live log, the activity view across projects, a subtask's detail view.
// Writes docs/*-real.png; nothing is mocked.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startApp } from '../lib/app.mjs'
import { launch } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs')
const shot = (page, name) => page.screenshot({ path: join(docs, `${name}.png`) })

const app = await startApp({ env: { AGENT_DEMO_LINE_DELAY_MS: '400' } })
const browser = await launch()
try {
  const api = async (method, path, body) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    return r.status === 204 ? null : r.json()
  }
  const page = await browser.newPage()
  const project = await api('POST', '/projects/demo')
  const other = await api('POST', '/projects/demo')
  const task = await api('POST', `/projects/${project.id}/tasks`, {
    title: 'Add due dates',
    description: 'Todo items get an optional due date; overdue items are highlighted and sorted first.',
    require_plan_approval: true,
  })
  await until(async () => (await api('GET', `/tasks/${task.id}`)).status === 'ACTIVE', { timeout: 180_000, what: 'the plan' })

  // the plan, written and waiting for the user's approval
  await page.goto(`${app.url}/projects/${project.id}/tasks/${task.id}`)
  await page.getByText('Plan awaits your approval').first().waitFor()
  await page.waitForTimeout(800) // the graph's layout settles
  await shot(page, 'plan-review-real')

  await api('POST', `/tasks/${task.id}/approve-plan`)
  await api('PATCH', `/tasks/${task.id}`, { autopilot: true })
  const dark = await api('POST', `/projects/${other.id}/tasks`, { title: 'Dark mode', description: 'Add a dark theme with a switch.' })

  // the board at work, and a worker's live log
  await page.goto(`${app.url}/projects/${project.id}`)
  const group = page.getByRole('region', { name: 'Add due dates' })
  await group.getByRole('button', { name: /^View logs of s\d+$/ }).first().waitFor({ timeout: 120_000 })
  await page.waitForTimeout(3000)
  await shot(page, 'board-real')
  await group.getByRole('button', { name: /^View logs of s\d+$/ }).first().click()
  await page.getByRole('dialog').getByText(/^[\d,]+ lines?$/).waitFor()
  await page.waitForTimeout(4000)
  await shot(page, 'log-panel-real')
  await page.keyboard.press('Escape')

  // everything at work across both projects
  await until(async () => (await api('GET', `/tasks/${dark.id}`)).status === 'ACTIVE', { timeout: 180_000, what: 'the second plan' })
  await api('POST', `/tasks/${dark.id}/start-ready`)
  await page.goto(`${app.url}/activity`)
  await page.getByText('Live', { exact: true }).waitFor()
  await until(async () => (await page.getByRole('table', { name: 'Running and queued agents' }).getByText('todo-app-2').count()) >= 1, {
    timeout: 120_000,
    what: 'agents of both projects',
  })
  await page.waitForTimeout(1500)
  await shot(page, 'activity-real')

  // a completed subtask's detail view with its diff, its actions and run history (no autopilot there)
  await until(async () => (await api('GET', `/tasks/${dark.id}/subtasks`)).some((s) => s.status === 'COMPLETED'), {
    timeout: 300_000,
    what: 'a completed subtask',
  })
  const completed = (await api('GET', `/tasks/${dark.id}/subtasks`)).find((s) => s.status === 'COMPLETED')
  await page.goto(`${app.url}/projects/${other.id}/subtasks/${completed.id}`)
  await page.getByRole('dialog').getByText('Changes').first().waitFor()
  await page.waitForTimeout(1500)
  await shot(page, 'subtask-detail-real')

  await until(async () => (await api('GET', `/tasks/${task.id}`)).status === 'DONE', { timeout: 600_000, what: 'the task done' })
  await page.goto(`${app.url}/projects/${project.id}`)
  await page.getByRole('region', { name: 'Add due dates' }).getByText('Done', { exact: true }).waitFor()
  await shot(page, 'board-done-real')
  await page.goto(app.url)
  await page.getByRole('link', { name: project.name }).first().waitFor()
  await shot(page, 'projects-real')
  console.log('screenshots written to docs/')
} finally {
  await browser.close()
  await app.stop()
  app.cleanup()
}
