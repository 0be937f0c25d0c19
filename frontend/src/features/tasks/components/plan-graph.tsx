import { Background, Controls, Handle, MarkerType, ReactFlow, type DefaultEdgeOptions, type NodeProps, type NodeTypes } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useMemo, type KeyboardEvent } from 'react'
import { InlineMarkdown } from '@/components/ui/inline-markdown'
import { useTheme } from '@/lib/theme'
import { cn } from '@/lib/utils'
import type { Subtask } from '@/types/api'
import { buildPlanGraph, type PlanNode } from './plan-graph-layout'

/** A subtask in the graph: key, status dot and title; the colours are the board's columns'. */
function SubtaskNode({ data, sourcePosition, targetPosition }: NodeProps<PlanNode>) {
  return (
    <div
      className="flex h-full w-full flex-col justify-center gap-0.5 rounded-md border border-border bg-panel px-2.5 py-1.5 text-left text-xs shadow-sm hover:border-accent"
      data-status={data.subtask.status}
    >
      {targetPosition && <Handle type="target" position={targetPosition} isConnectable={false} className="!opacity-0" />}
      <div className="flex items-center gap-1.5">
        <span className={cn('size-2 shrink-0 rounded-full', data.dot)} aria-hidden />
        <span className="font-mono text-muted">{data.key}</span>
        <span className="ml-auto truncate text-[11px] text-muted">{data.statusLabel}</span>
      </div>
      <div className="truncate font-medium text-fg">
        <InlineMarkdown>{data.title}</InlineMarkdown>
      </div>
      {sourcePosition && <Handle type="source" position={sourcePosition} isConnectable={false} className="!opacity-0" />}
    </div>
  )
}

const nodeTypes: NodeTypes = { subtask: SubtaskNode }
// curves with an arrowhead at the dependent: which way an edge runs stays clear where edges meet
const edgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 }, style: { strokeWidth: 1.5 } }

export interface PlanGraphProps {
  subtasks: Subtask[]
  /** A node clicked, or Enter/Space on a focused one. */
  onOpen: (subtask: Subtask) => void
}

/**
 * The plan of a task as a read-only graph (React Flow, laid out by dagre): subtasks as nodes in their
 * board colours, dependencies as edges. It repaints whenever `subtasks` changes (the board's cache).
 */
export default function PlanGraph({ subtasks, onOpen }: PlanGraphProps) {
  const theme = useTheme().resolved
  const { nodes, edges } = useMemo(() => buildPlanGraph(subtasks), [subtasks])
  // React Flow's Enter/Space on a focused node only selects it; here they open it, like a click
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    const id = e.target instanceof HTMLElement && e.target.matches('.react-flow__node') ? e.target.dataset.id : undefined
    const subtask = id && subtasks.find((s) => s.id === id)
    if (!subtask) return
    e.preventDefault()
    onOpen(subtask)
  }
  return (
    // oxlint-disable-next-line jsx-a11y/no-static-element-interactions -- keys of the focusable nodes inside, bubbling up
    <div className="h-full min-h-64 w-full" data-testid="plan-graph" onKeyDown={onKeyDown}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={(_, node) => onOpen((node as PlanNode).data.subtask)}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        nodesFocusable
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.2}
        defaultEdgeOptions={edgeOptions}
        colorMode={theme}
        aria-label="Plan graph"
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  )
}
