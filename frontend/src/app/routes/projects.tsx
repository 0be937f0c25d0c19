import { FlaskConical } from 'lucide-react'
import { useNavigate } from 'react-router'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { useMe } from '@/features/auth/api/auth'
import { AddProjectDialog } from '@/features/projects/components/add-project-dialog'
import { ProjectList } from '@/features/projects/components/project-list'
import { useCreateSampleProject, useProjectTaskLists, useProjects } from '@/features/projects/api/projects'

export function ProjectsRoute() {
  const projects = useProjects()
  const tasks = useProjectTaskLists(projects.data)
  const me = useMe()
  const sample = useCreateSampleProject()
  const navigate = useNavigate()
  // local single-user mode signs everyone in as "local"; only there does a sample repo make sense
  const localMode = me.data?.github_username === 'local'
  return (
    <div className="mx-auto max-w-6xl p-4">
      <div className="mb-4 flex items-center gap-2">
        <h1 className="text-base font-semibold">Projects</h1>
        <div className="ml-auto flex gap-2">
          {localMode && (
            <Button onClick={() => sample.mutate(undefined, { onSuccess: (p) => navigate(`/projects/${p.id}`) })} disabled={sample.isPending}>
              <FlaskConical /> Add sample project
            </Button>
          )}
          <AddProjectDialog onCreated={(id) => navigate(`/projects/${id}`)} />
        </div>
      </div>
      {projects.isPending ? (
        <Spinner label="Loading projects" />
      ) : projects.error ? (
        <p role="alert" className="text-danger">
          Could not load projects: {projects.error.message}
        </p>
      ) : projects.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-border p-10 text-center">
          <p className="font-medium">No projects yet</p>
          <p className="mt-1 text-xs text-muted">
            Add a git repository{localMode ? ', or try the sample project: a small repository made for you' : ''}.
          </p>
        </div>
      ) : (
        <ProjectList projects={projects.data} tasksByProject={tasks} />
      )}
    </div>
  )
}
