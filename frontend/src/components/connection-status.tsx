import { RefreshCw, Wifi, WifiOff } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useProjectEvents } from '@/lib/events/project-events-context'

/** Live / Reconnecting badge for the header, with a Reconnect button after repeated failures. */
export function ConnectionStatus() {
  const { state, failures, error, reconnect } = useProjectEvents()
  return (
    <div className="flex items-center gap-1.5" aria-live="polite">
      {state === 'live' && (
        <Badge tone="green" title="Updates arrive as they happen">
          <Wifi /> Live
        </Badge>
      )}
      {state === 'connecting' && (
        <Badge tone="neutral">
          <Wifi /> Connecting
        </Badge>
      )}
      {(state === 'reconnecting' || state === 'offline') && (
        <Badge tone="amber" title={error ? `Stream lost: ${error}. Refreshing every 5 s meanwhile.` : undefined}>
          <WifiOff /> Reconnecting{failures > 1 ? ` (${failures})` : ''}
        </Badge>
      )}
      {state === 'unavailable' && (
        <Badge tone="neutral" title={error ? `No live updates: ${error}. Refreshing every 5 s.` : undefined}>
          <WifiOff /> Polling
        </Badge>
      )}
      {state === 'offline' && (
        <Button size="sm" variant="outline" onClick={reconnect}>
          <RefreshCw /> Reconnect
        </Button>
      )}
    </div>
  )
}
