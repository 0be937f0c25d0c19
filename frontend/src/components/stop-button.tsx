import { Square } from 'lucide-react'
import { Button } from '@/components/ui/button'

/** Stops an agent run: on the cards, the planner's task header and the live log panel. */
export function StopButton({ label, onStop, disabled }: { label: string; onStop: () => void; disabled?: boolean }) {
  return (
    <Button size="sm" variant="danger" onClick={onStop} disabled={disabled} aria-label={label} title={label}>
      <Square /> Stop
    </Button>
  )
}
