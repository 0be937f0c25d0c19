/**
 * Runs `run` once at the end of each `ms` window that a call opens; further calls inside the window
 * join it. A burst of stream events so costs one re-read, made after the burst's first `ms`.
 */
export function trailingThrottle(run: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    call() {
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        run()
      }, ms)
    },
    /** Drops a pending run (on unmount). */
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
