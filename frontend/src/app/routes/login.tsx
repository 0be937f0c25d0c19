import { LogIn } from 'lucide-react'

/** GitHub mode: the server runs the OAuth dance and comes back to `/` with a session cookie. */
export function LoginRoute() {
  return (
    <div className="flex h-full items-center justify-center">
      <div className="w-80 rounded-lg border border-border bg-panel p-6 text-center">
        <img src="/favicon.svg" alt="" className="mx-auto size-10" />
        <h1 className="mt-3 text-base font-semibold">Intern Village</h1>
        <p className="mt-1 text-xs text-muted">Sign in to see your projects and agents.</p>
        <a
          href="/api/auth/github"
          className="mt-5 inline-flex h-8 w-full items-center justify-center gap-2 rounded-md bg-fg text-[13px] font-medium text-bg hover:opacity-90"
        >
          <LogIn className="size-4" /> Sign in with GitHub
        </a>
      </div>
    </div>
  )
}
