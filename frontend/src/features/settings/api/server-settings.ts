import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AgentsView } from '@/types/api'

export const serverSettingsKeys = { all: ['server-settings'] as const }

/** How this server runs agents; it changes only with a restart of the server. */
export function useServerSettings() {
  return useQuery({
    queryKey: serverSettingsKeys.all,
    queryFn: ({ signal }) => api<{ agents: AgentsView }>('/settings', { signal }),
    staleTime: Infinity,
    retry: false,
  })
}
