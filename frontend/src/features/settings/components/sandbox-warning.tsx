import { TriangleAlert } from 'lucide-react'
import { useServerSettings } from '../api/server-settings'

/**
 * Says so when agents run without the sandbox: they then act with the server's own access to its
 * files, database and secrets, which a user should know before starting one.
 */
export function SandboxWarning() {
  const settings = useServerSettings()
  if (settings.data?.agents.sandbox !== 'none') return null
  return (
    <output className="flex items-center gap-2 border-b border-border bg-amber-500/15 px-3 py-1 text-xs">
      <TriangleAlert aria-hidden className="size-4 shrink-0 text-amber-500" />
      <span>
        Agents are not sandboxed on this server (<code>AGENT_SANDBOX=none</code>): they run with the server’s own
        access to its files, database and secrets.
      </span>
    </output>
  )
}
