import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AgentRun } from '@/types/api'

/**
 * "Tell the agent…" (`POST /runs/{id}/messages`): the running agent gets the text after its current
 * turn, and the run's log shows it as `[you] …`, so nothing else needs refreshing. A run whose agent
 * takes no message now is refused (409) with the reason, which the caller shows.
 */
export function useSendRunMessage() {
  return useMutation({
    mutationFn: ({ runId, text }: { runId: string; text: string }) =>
      api<AgentRun>(`/runs/${runId}/messages`, { method: 'POST', body: { text } }),
    // the form shows the refusal beside itself; no global error toast
    meta: { inlineError: true },
  })
}
