import { useEffect, useState } from 'react'
import { formatDuration } from '@/lib/utils'

/** Time since `since`, ticking every second. */
export function Elapsed({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  return <span className="tabular-nums">{formatDuration(now - new Date(since).getTime())}</span>
}
