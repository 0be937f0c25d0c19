import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { projectKeys } from '@/lib/query-keys'
import { stubReactFlowDom } from '@/testing/react-flow'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { server } from '@/testing/server'
import type { Subtask, Task } from '@/types/api'
import { buildPlanGraph, NODE_HEIGHT, NODE_WIDTH } from './plan-graph-layout'
import { TaskHeader } from './task-header'
import { TaskPlanSheet } from './task-plan-sheet'

const task: Task = {
  id: 't1', project_id: 'p1', title: 'Add **export**', description: 'Export the board as *CSV*.', status: 'ACTIVE',
  spec: '## Spec\n\nA `--csv` flag.', error_message: null, autopilot: false, require_plan_approval: false, plan_approved_at: null, budget_usd: null, budget_tokens: null, budget_reached: false, cost_usd: null, token_usage: 0, created_at: 'c', updated_at: 'c',
}
const sub = (key: string, over: Partial<Subtask> = {}): Subtask => ({
  id: key, task_id: 't1', key, title: `Work ${key}`, spec: '', implementation_plan: '', status: 'READY',
  blocked_reason: null, blocked_detail: null, depends_on: [], branch_name: null, pr_url: null, pr_number: null,
  retry_count: 0, token_usage: 0, cost_usd: null, position: 0, follow_up_reason: null, automatic_follow_ups: 0,
  merge_state: null, conflict_files: [], approved_at: null, checks: [], created_at: 'c', updated_at: 'c',
  ...over,
})

// s1 → s2, s1 → s3, s2 + s3 → s4 (a diamond), and s5 on its own
const plan = [
  sub('s1', { status: 'MERGED' }),
  sub('s2', { status: 'IN_PROGRESS', depends_on: ['s1'] }),
  sub('s3', { status: 'READY', depends_on: ['s1'] }),
  sub('s4', { status: 'BLOCKED', blocked_reason: 'DEPENDENCY', depends_on: ['s2', 's3'] }),
  sub('s5'),
]

beforeAll(stubReactFlowDom)

describe('buildPlanGraph', () => {
  it('one node per subtask, one edge per dependency, dependents right of their dependencies', () => {
    const { nodes, edges } = buildPlanGraph(plan)
    expect(nodes.map((n) => n.id).sort()).toEqual(['s1', 's2', 's3', 's4', 's5'])
    expect(edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(['s1->s2', 's1->s3', 's2->s4', 's3->s4'])
    const at = new Map(nodes.map((n) => [n.id, n.position]))
    for (const e of edges) expect(at.get(e.target)!.x).toBeGreaterThanOrEqual(at.get(e.source)!.x + NODE_WIDTH)
    // siblings in one layer do not overlap
    expect(Math.abs(at.get('s2')!.y - at.get('s3')!.y)).toBeGreaterThanOrEqual(NODE_HEIGHT)
  })

  it('top to bottom puts dependents below; a dependency outside the list is left out', () => {
    const { nodes, edges } = buildPlanGraph([sub('a'), sub('b', { depends_on: ['a', 'gone'] })], 'TB')
    expect(edges).toHaveLength(1)
    const [a, b] = ['a', 'b'].map((id) => nodes.find((n) => n.id === id)!.position)
    expect(b.y).toBeGreaterThanOrEqual(a.y + NODE_HEIGHT)
  })

  it('labels and colours nodes like the board columns', () => {
    const { nodes } = buildPlanGraph(plan)
    const s4 = nodes.find((n) => n.id === 's4')!
    expect(s4.ariaLabel).toBe('s4 Work s4, Waiting')
    expect(s4.data.dot).toBe('bg-zinc-400')
    expect(nodes.find((n) => n.id === 's2')!.data).toMatchObject({ statusLabel: 'In Progress', dot: 'bg-amber-400' })
  })
})

describe('the task header', () => {
  it('a Plan button opens the task plan', async () => {
    const onViewPlan = vi.fn()
    renderWithClient(
      <TaskHeader task={task} subtasks={plan} collapsed={false} onToggle={vi.fn()} onViewPlannerLogs={vi.fn()} onRetryPlanning={vi.fn()} retrying={false} onViewPlan={onViewPlan} />,
    )
    await userEvent.setup().click(screen.getByRole('button', { name: 'Plan of Add export' }))
    expect(onViewPlan).toHaveBeenCalledWith(task)
  })
})

function renderPlan(over: Partial<Task> = {}) {
  const qc = testQueryClient()
  qc.setDefaultOptions({ queries: { ...qc.getDefaultOptions().queries, staleTime: Infinity } })
  qc.setQueryData(projectKeys.subtasks('p1', 't1'), plan)
  const props = { onClose: vi.fn(), onViewPlannerLogs: vi.fn(), onOpenSubtask: vi.fn() }
  const t = { ...task, ...over }
  renderWithClient(<TaskPlanSheet projectId="p1" task={t} open {...props} />, qc)
  return { qc, ...props, task: t }
}

describe('the task plan sheet', () => {
  it('shows the description and the spec as markdown, and opens the planner log', async () => {
    const { onViewPlannerLogs, task: t } = renderPlan()
    const dialog = screen.getByRole('dialog')
    expect(within(dialog).getByText('CSV').tagName).toBe('EM')
    expect(within(dialog).getByRole('heading', { name: 'Spec', level: 2 })).toBeInTheDocument()
    expect(within(dialog).getByText('--csv').tagName).toBe('CODE')
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Planner log of Add export' }))
    expect(onViewPlannerLogs).toHaveBeenCalledWith(t)
    expect(await screen.findByRole('group', { name: 's1 Work s1, Merged' })).toBeInTheDocument()
  })

  it('while planning: no graph and no subtasks request, the planner log still there', () => {
    renderPlan({ status: 'PLANNING', spec: null })
    expect(screen.getByText('The planner is still writing it.')).toBeInTheDocument()
    expect(screen.getByText('The plan appears once the planner is done.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Planner log of Add export' })).toBeInTheDocument()
  })

  it('draws a node per subtask, repaints a status change from the cache, and opens a node by click or Enter', async () => {
    const { qc, onOpenSubtask } = renderPlan()
    const s2 = await screen.findByRole('group', { name: 's2 Work s2, In Progress' })
    for (const name of ['s1 Work s1, Merged', 's3 Work s3, Ready', 's4 Work s4, Waiting', 's5 Work s5, Ready']) {
      expect(screen.getByRole('group', { name })).toBeInTheDocument()
    }
    expect(s2.querySelector('.bg-amber-400')).not.toBeNull()

    // the event stream writes the new status into the cache; nothing is fetched
    act(() => qc.setQueryData<Subtask[]>(projectKeys.subtasks('p1', 't1'), (old) => old!.map((s) => (s.id === 's2' ? { ...s, status: 'COMPLETED' } : s))))
    const done = await screen.findByRole('group', { name: 's2 Work s2, Completed' })
    expect(done.querySelector('.bg-violet-400')).not.toBeNull()
    expect(done).toHaveTextContent('Completed')

    // a plain click: d3-zoom's mousedown handler wants a window on the event, which jsdom's user-event lacks
    fireEvent.click(within(done).getByText('Work s2'))
    expect(onOpenSubtask).toHaveBeenLastCalledWith(expect.objectContaining({ id: 's2', status: 'COMPLETED' }))
    const s4 = screen.getByRole('group', { name: 's4 Work s4, Waiting' })
    s4.focus()
    await userEvent.setup().keyboard('{Enter}')
    await waitFor(() => expect(onOpenSubtask).toHaveBeenLastCalledWith(expect.objectContaining({ id: 's4' })))
  })

  it('loads the subtasks when the cache has none', async () => {
    server.use(http.get('/api/tasks/t1/subtasks', () => HttpResponse.json([sub('s1')])))
    renderWithClient(<TaskPlanSheet projectId="p1" task={task} open onClose={vi.fn()} onViewPlannerLogs={vi.fn()} onOpenSubtask={vi.fn()} />)
    expect(await screen.findByRole('group', { name: 's1 Work s1, Ready' })).toHaveTextContent('Work s1')
  })
})
