import { api } from '@/lib/api-client'
import type { LogPage } from '@/types/api'

/** Most lines the server returns in one page. */
export const LOG_PAGE_LIMIT = 10_000

export function getRunLogPage(runId: string, fromLine: number, limit = LOG_PAGE_LIMIT, signal?: AbortSignal) {
  return api<LogPage>(`/runs/${runId}/logs?from_line=${fromLine}&limit=${limit}`, { signal })
}
