// Control from the board, against the real jar: stopping a running agent, and deleting a task and a
// project while a second board on the same project watches them go live. The demo agent is slowed
// down so that the planner is still at work when the test stops it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApp } from '../lib/app.mjs'
import { launch, screenshot } from '../lib/browser.mjs'
import { until } from '../lib/wait.mjs'

describe('stop and delete (real jar, slow demo runtime)', () => {
  let app
  let browser
  let projectId
  let board
  let watcher

  const api = async (method, path, body) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: r.status, json: r.status === 204 ? null : await r.json() }
  }

  before(async () => {
    app = await startApp({ env: { AGENT_DEMO_LINE_DELAY_MS: '1500' } })
    browser = await launch()
    projectId = (await api('POST', '/projects/demo')).json.id
    board = await browser.newPage()
    watcher = await browser.newPage()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
    app?.cleanup()
  })

  it('stops a planning agent from the board: the task is Planning failed, "stopped by you", and no retry follows', async () => {
    const task = (await api('POST', `/projects/${projectId}/tasks`, { title: 'Slow plan', description: 'Plan slowly.' })).json
    await board.goto(`${app.url}/projects/${projectId}`)
    const group = board.getByRole('region', { name: 'Slow plan' })
    await group.getByText('Planning', { exact: true }).waitFor()
    await group.getByRole('button', { name: 'Stop planning Slow plan' }).click()

    await group.getByText('Planning failed', { exact: true }).waitFor()
    await group.getByText('stopped by you').waitFor()
    const runs = (await api('GET', `/tasks/${task.id}/runs`)).json
    assert.equal(runs.length, 1, 'no further attempt')
    assert.equal(runs[0].status, 'FAILED')
    assert.equal(runs[0].error_message, 'stopped by you')
    await screenshot(board, 'stopped-planner')
  })

  it('stops a running worker from its card and, after Retry, from the live log panel: the subtask needs you, "stopped by you"', async () => {
    const task = (await api('POST', `/projects/${projectId}/tasks`, { title: 'Slow work', description: 'Work slowly.' })).json
    await board.goto(`${app.url}/projects/${projectId}`)
    const group = board.getByRole('region', { name: 'Slow work' })
    await group.getByText('Active', { exact: true }).waitFor({ timeout: 90_000 })
    const subtasks = (await api('GET', `/tasks/${task.id}/subtasks`)).json
    const first = subtasks.find((s) => s.status === 'READY')
    const card = group.getByRole('article', { name: new RegExp(`^${first.key} `) })
    await card.getByRole('button', { name: `Start ${first.key}` }).click()
    await card.getByRole('button', { name: `Stop ${first.key}` }).click()

    const needsYou = group.getByRole('list', { name: 'Slow work: Needs you' })
    const stopped = needsYou.getByRole('article', { name: new RegExp(`^${first.key} `) })
    await stopped.getByText('stopped by you').waitFor()
    assert.equal((await api('GET', `/subtasks/${first.id}/runs`)).json.length, 1, 'no retry follows a stop')

    await stopped.getByRole('button', { name: `Retry ${first.key}` }).click()
    const running = group.getByRole('list', { name: 'Slow work: In Progress' }).getByRole('article', { name: new RegExp(`^${first.key} `) })
    await running.getByRole('button', { name: `View logs of ${first.key}` }).click()
    const panel = board.getByRole('dialog', { name: new RegExp(`^${first.key} · `) })
    await panel.getByRole('button', { name: 'Stop this run' }).click()
    // the run has ended: the panel offers no Stop any more
    await panel.getByRole('button', { name: 'Stop this run' }).waitFor({ state: 'detached' })
    await screenshot(board, 'stopped-worker-log')
    await board.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    await needsYou.getByRole('article', { name: new RegExp(`^${first.key} `) }).getByText('stopped by you').waitFor()
    const runs = (await api('GET', `/subtasks/${first.id}/runs`)).json
    assert.deepEqual(runs.map((r) => [r.status, r.error_message]), [['FAILED', 'stopped by you'], ['FAILED', 'stopped by you']])
  })

  it('deletes a task after a confirmation that says what goes, and a second open board drops it live', async () => {
    await api('POST', `/projects/${projectId}/tasks`, { title: 'Doomed task', description: 'To be deleted.' })
    await board.goto(`${app.url}/projects/${projectId}`)
    await watcher.goto(`${app.url}/projects/${projectId}`)
    await watcher.getByRole('region', { name: 'Doomed task' }).waitFor()
    await watcher.getByText('Live', { exact: true }).waitFor()

    await board.getByRole('button', { name: 'Delete task Doomed task' }).click()
    const dialog = board.getByRole('dialog', { name: 'Delete task “Doomed task”?' })
    await dialog.getByText('with every agent run and log').waitFor()
    await dialog.getByRole('button', { name: 'Delete task' }).click()
    await dialog.waitFor({ state: 'detached' })

    await board.getByRole('region', { name: 'Doomed task' }).waitFor({ state: 'detached' })
    await watcher.getByRole('region', { name: 'Doomed task' }).waitFor({ state: 'detached', timeout: 10_000 })
    await watcher.getByRole('region', { name: 'Slow plan' }).waitFor()
    const tasks = (await api('GET', `/projects/${projectId}/tasks`)).json
    assert.deepEqual(tasks.map((t) => t.title).sort(), ['Slow plan', 'Slow work'])
  })

  it('deletes the project; the deleting board goes to the project list and the second board says it was deleted', async () => {
    await board.getByRole('button', { name: 'Delete project' }).click()
    const dialog = board.getByRole('dialog', { name: /^Delete project/ })
    await dialog.getByText(/^2 tasks and \d+ subtasks, with every agent run and log$/).waitFor()
    const [deleted] = await Promise.all([
      board.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/api/projects/${projectId}`)),
      dialog.getByRole('button', { name: 'Delete project' }).click(),
    ])
    assert.equal(deleted.status(), 204)
    // a navigation inside the page (no load event): wait for the address itself
    await until(() => board.url() === `${app.url}/`, { what: 'the project list' })

    await watcher.getByText('This project was deleted').waitFor({ timeout: 10_000 })
    await screenshot(watcher, 'project-deleted')
    assert.equal((await api('GET', `/projects/${projectId}`)).status, 404)
    // it was the only project
    await board.getByText('No projects yet').waitFor()
  })
})
