import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { projectKeys } from '@/lib/query-keys'
import type { Project, Task } from '@/types/api'
import type { components } from '@/types/openapi'

export const projectsQuery = () =>
  queryOptions({ queryKey: projectKeys.all, queryFn: ({ signal }) => api<Project[]>('/projects', { signal }) })

export const projectQuery = (projectId: string) =>
  queryOptions({
    queryKey: projectKeys.detail(projectId),
    queryFn: ({ signal }) => api<Project>(`/projects/${projectId}`, { signal }),
  })

export function useProjects() {
  return useQuery(projectsQuery())
}

export function useProject(projectId: string) {
  return useQuery(projectQuery(projectId))
}

/** Quick stats: every project's tasks (one request each; projects are few). */
export function useProjectTaskLists(projects: Project[] | undefined) {
  return useQueries({
    queries: (projects ?? []).map((p) => ({
      queryKey: projectKeys.tasks(p.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api<Task[]>(`/projects/${p.id}/tasks`, { signal }),
    })),
    combine: (results) => new Map((projects ?? []).map((p, i) => [p.id, results[i]?.data])),
  })
}

export function useCreateProject() {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (repoUrl: string) => api<Project>('/projects', { method: 'POST', body: { repo_url: repoUrl } }),
    onSuccess: (p) => qc.setQueryData<Project[]>(projectKeys.all, (list) => [...(list ?? []).filter((x) => x.id !== p.id), p]),
  })
}

export function useCreateSampleProject() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api<Project>('/projects/demo', { method: 'POST' }),
    onSuccess: (p) => qc.setQueryData<Project[]>(projectKeys.all, (list) => [...(list ?? []).filter((x) => x.id !== p.id), p]),
  })
}

/** PATCH the project's settings; the answer replaces it in the cache. */
/**
 * `PATCH /api/projects/{id}`: the settings given change, the others keep their values. A budget default
 * given as null is removed (the API document knows these fields as optional only).
 */
export type ProjectSettingsRequest = Omit<components['schemas']['ProjectSettingsRequest'], 'budget_usd_default' | 'budget_tokens_default'> & {
  budget_usd_default?: number | null
  budget_tokens_default?: number | null
}

export function useUpdateProject(projectId: string) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (settings: ProjectSettingsRequest) =>
      api<Project>(`/projects/${projectId}`, { method: 'PATCH', body: settings }),
    onSuccess: (p) => {
      qc.setQueryData(projectKeys.detail(projectId), p)
      qc.setQueryData<Project[]>(projectKeys.all, (list) => list?.map((x) => (x.id === p.id ? p : x)))
    },
  })
}

/**
 * Deletes a project. `onDeleted` is a hook-level callback on purpose: the board that deletes its own
 * project may unmount before the answer arrives (its stream's `project:deleted` can come first), and
 * only hook-level callbacks still run then.
 */
export function useDeleteProject({ onDeleted }: { onDeleted?: (projectId: string) => void } = {}) {
  const qc = useQueryClient()
  return useMutation({
    meta: { inlineError: true },
    mutationFn: ({ projectId, discardUnpushed = false }: { projectId: string; discardUnpushed?: boolean }) =>
      api<void>(`/projects/${projectId}${discardUnpushed ? '?discard_unpushed=true' : ''}`, { method: 'DELETE' }),
    onSuccess: (_v, { projectId: id }) => {
      qc.setQueryData<Project[]>(projectKeys.all, (list) => list?.filter((p) => p.id !== id))
      onDeleted?.(id)
    },
  })
}

export function projectName(p: Project) {
  return p.name ?? (p.github_owner && p.github_repo ? `${p.github_owner}/${p.github_repo}` : p.repo_url)
}
