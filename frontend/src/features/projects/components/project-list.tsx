import { FolderGit2, GitFork } from 'lucide-react'
import { Link } from 'react-router'
import { Badge } from '@/components/ui/badge'
import { plural } from '@/lib/utils'
import type { Project, Task } from '@/types/api'
import { projectName } from '../api/projects'

function Stats({ tasks }: { tasks: Task[] | undefined }) {
  if (!tasks) return <span className="text-xs text-muted">…</span>
  const count = (s: Task['status']) => tasks.filter((t) => t.status === s).length
  return (
    <span className="flex flex-wrap gap-x-3 text-xs text-muted tabular-nums">
      <span>{plural(tasks.length, 'task')}</span>
      {count('PLANNING') > 0 && <span className="text-violet-700 dark:text-violet-300">{count('PLANNING')} planning</span>}
      {count('ACTIVE') > 0 && <span className="text-sky-700 dark:text-sky-400">{count('ACTIVE')} active</span>}
      {count('DONE') > 0 && <span className="text-emerald-700 dark:text-emerald-400">{count('DONE')} done</span>}
      {count('PLANNING_FAILED') > 0 && <span className="text-red-700 dark:text-red-400">{count('PLANNING_FAILED')} failed</span>}
    </span>
  )
}

export function ProjectList({ projects, tasksByProject }: { projects: Project[]; tasksByProject: Map<string, Task[] | undefined> }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3" aria-label="Projects">
      {projects.map((p) => (
        <li key={p.id}>
          <Link
            to={`/projects/${p.id}`}
            className="block rounded-lg border border-border bg-panel p-3 transition-colors hover:border-accent/50 hover:bg-raised"
          >
            <div className="flex items-center gap-2">
              <FolderGit2 className="size-4 text-muted" />
              <span className="min-w-0 truncate font-semibold">{projectName(p)}</span>
              <Badge tone={p.forge === 'github' ? 'blue' : 'neutral'} className="ml-auto">
                {p.forge}
              </Badge>
              {p.is_fork && (
                <Badge tone="amber">
                  <GitFork /> fork
                </Badge>
              )}
            </div>
            <p className="mt-1 truncate font-mono text-[11px] text-muted" title={p.repo_url}>
              {p.repo_url} · {p.default_branch}
            </p>
            <div className="mt-2">
              <Stats tasks={tasksByProject.get(p.id)} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  )
}
