import { graphlib, layout } from '@dagrejs/dagre'
import { Position, type Edge, type Node } from '@xyflow/react'
import { inlinePlainText } from '@/lib/inline-markdown'
import type { Subtask } from '@/types/api'
import { COLUMNS, columnOf } from './board-columns'

/** What a node of the plan graph shows: a subtask's key, title and column (status) with its colour. */
export interface PlanNodeData extends Record<string, unknown> {
  subtask: Subtask
  key: string
  title: string
  /** The board column's title ("In Progress"), or the raw status for one the board does not show. */
  statusLabel: string
  /** The board column's dot class (`bg-amber-400`). */
  dot: string
}

export type PlanNode = Node<PlanNodeData, 'subtask'>

export const NODE_WIDTH = 220
export const NODE_HEIGHT = 56

/** A subtask's column title and colour, as on the board. */
export function statusOf(s: Subtask): { label: string; dot: string } {
  const column = COLUMNS.find((c) => c.id === columnOf(s))
  return column ? { label: column.title, dot: column.dot } : { label: s.status, dot: 'bg-zinc-300' }
}

/**
 * The plan as a graph: one node per subtask, one edge per dependency (from the dependency to its
 * dependent), laid out in layers by dagre from left to right, so a dependent sits right of what it
 * waits for. Dependencies on subtasks outside the list are left out. Pure: same subtasks, same graph.
 */
export function buildPlanGraph(subtasks: Subtask[], rankdir: 'LR' | 'TB' = 'LR'): { nodes: PlanNode[]; edges: Edge[] } {
  const ids = new Set(subtasks.map((s) => s.id))
  const ordered = [...subtasks].sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }))
  const g = new graphlib.Graph()
  g.setGraph({ rankdir, nodesep: 24, ranksep: 56, marginx: 8, marginy: 8 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const s of ordered) g.setNode(s.id, { width: NODE_WIDTH, height: NODE_HEIGHT })
  const edges: Edge[] = []
  for (const s of ordered) {
    for (const dep of s.depends_on) {
      if (!ids.has(dep) || dep === s.id) continue
      g.setEdge(dep, s.id)
      edges.push({ id: `${dep}->${s.id}`, source: dep, target: s.id })
    }
  }
  layout(g)
  const horizontal = rankdir === 'LR'
  const nodes: PlanNode[] = ordered.map((s) => {
    const { x, y } = g.node(s.id)
    const status = statusOf(s)
    return {
      id: s.id,
      type: 'subtask',
      // dagre gives the centre, React Flow wants the top left corner
      position: { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      sourcePosition: horizontal ? Position.Right : Position.Bottom,
      targetPosition: horizontal ? Position.Left : Position.Top,
      ariaLabel: `${s.key} ${inlinePlainText(s.title)}, ${status.label}`,
      data: { subtask: s, key: s.key, title: s.title, statusLabel: status.label, dot: status.dot },
    }
  })
  return { nodes, edges }
}
