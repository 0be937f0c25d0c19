import { Wifi, WifiOff } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Spinner } from '@/components/ui/spinner'
import { useActivity, useNeedsYou } from '@/features/activity/api/activity'
import { useUserEvents } from '@/features/activity/api/use-user-events'
import { ActivityRuns } from '@/features/activity/components/activity-runs'
import { NeedsYouList } from '@/features/activity/components/needs-you-list'
import { useServerSettings } from '@/features/settings/api/server-settings'
import type { StreamTransport } from '@/lib/events/sse-transport'

/** Across all projects: what needs the user, and every agent at work, live from the user-level stream. */
export function ActivityRoute({ transport }: { transport?: StreamTransport } = {}) {
  const state = useUserEvents({ transport })
  const runs = useActivity()
  const needsYou = useNeedsYou()
  const maxRetries = useServerSettings().data?.agents.max_retries
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 p-4">
      <div className="flex items-center gap-3">
        <h1 className="text-base font-semibold">Activity</h1>
        <span aria-live="polite">
          {state === 'live' ? (
            <Badge tone="green" title="Updates arrive as they happen">
              <Wifi /> Live
            </Badge>
          ) : (
            <Badge tone={state === 'connecting' ? 'neutral' : 'amber'}>
              <WifiOff /> {state === 'connecting' ? 'Connecting' : 'Reconnecting'}
            </Badge>
          )}
        </span>
      </div>
      <section aria-labelledby="needs-you-heading" className="flex flex-col gap-2">
        <h2 id="needs-you-heading" className="text-sm font-semibold">
          Needs you{needsYou.data ? ` (${needsYou.data.items.length})` : ''}
        </h2>
        {needsYou.isPending ? <Spinner /> : needsYou.error ? <p role="alert" className="text-xs text-red-500">Could not load the inbox.</p> : <NeedsYouList items={needsYou.data.items} />}
      </section>
      <section aria-labelledby="running-heading" className="flex flex-col gap-2">
        <h2 id="running-heading" className="text-sm font-semibold">
          Running and queued{runs.data ? ` (${runs.data.runs.length})` : ''}
        </h2>
        {runs.isPending ? <Spinner /> : runs.error ? <p role="alert" className="text-xs text-red-500">Could not load the agents.</p> : <ActivityRuns runs={runs.data.runs} maxRetries={maxRetries} />}
      </section>
    </div>
  )
}
