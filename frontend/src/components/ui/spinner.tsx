import { LoaderCircle } from 'lucide-react'
import { cn } from '@/lib/utils'

export function Spinner({ className, label = 'Loading' }: { className?: string; label?: string }) {
  return (
    <output aria-label={label} className="inline-flex">
      <LoaderCircle aria-hidden className={cn('size-3.5 animate-spin text-muted', className)} />
    </output>
  )
}
