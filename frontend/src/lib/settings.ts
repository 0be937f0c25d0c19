import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AgentSettings } from '@/types/api'

export const settingsKey = ['settings'] as const

/** The server's agent settings; they do not change while it runs. */
export function useAgentSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api<{ agents: AgentSettings }>('/settings', { signal }),
    staleTime: Infinity,
    select: (d) => d.agents,
  })
}
