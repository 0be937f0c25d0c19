import { useEffect, useState } from 'react'

/** "next try in 5 s", counting down each second; "next try starting…" once the time has come. */
export function NextTryCountdown({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  const seconds = Math.ceil((new Date(at).getTime() - now) / 1000)
  return <span className="tabular-nums">{seconds > 0 ? `next try in ${seconds} s` : 'next try starting…'}</span>
}
