import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'

/** `GET /api/settings`: how this server runs agents. */
export interface AgentSettings {
  runtime: string
  sandbox: string
  network: string
  /** Attempts a planner or worker gets (`AGENT_MAX_RETRIES`): the m of "attempt n of m". */
  max_retries: number
}

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
