import { ApiError } from '@/lib/api-client'

/**
 * What a refused deletion says: the server names the branches whose commits were never pushed (409);
 * any other error is shown as it is. Null when there is nothing to show.
 */
export function deletionProblem(error: unknown): { unpushed: boolean; message: string } | null {
  if (!error) return null
  if (error instanceof ApiError) return { unpushed: error.status === 409 && /never pushed/.test(error.message), message: error.message }
  return { unpushed: false, message: 'Could not delete; try again' }
}

/** The refusal inside a deletion dialog, as an alert. */
export function DeletionProblem({ problem }: { problem: { unpushed: boolean; message: string } | null }) {
  if (!problem) return null
  return (
    <p role="alert" className="rounded border border-danger/30 bg-danger/10 px-2 py-1.5 text-xs break-words text-danger">
      {problem.unpushed ? `Not deleted: ${problem.message.replace(/; delete again with discard_unpushed=true to lose them$/, '')}.` : problem.message}
    </p>
  )
}
