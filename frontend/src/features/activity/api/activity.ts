import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ActivityRun, NeedsYouItem } from '@/types/api'

export const activityKeys = {
  runs: ['activity', 'runs'] as const,
  needsYou: ['activity', 'needs-you'] as const,
}

export const activityQuery = () =>
  queryOptions({
    queryKey: activityKeys.runs,
    queryFn: ({ signal }) => api<{ runs: ActivityRun[] }>('/activity', { signal }),
  })

export const needsYouQuery = () =>
  queryOptions({
    queryKey: activityKeys.needsYou,
    queryFn: ({ signal }) => api<{ items: NeedsYouItem[] }>('/needs-you', { signal }),
  })

export function useActivity() {
  return useQuery(activityQuery())
}

export function useNeedsYou() {
  return useQuery(needsYouQuery())
}
