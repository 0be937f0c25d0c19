import { Keyboard } from 'lucide-react'
import { useState } from 'react'
import { Navigate, NavLink, Outlet, useLocation } from 'react-router'
import { NotificationsToggle } from '@/components/notifications-toggle'
import { ShortcutsHelp } from '@/components/shortcuts-help'
import { ThemeSwitch } from '@/components/theme-switch'
import { Spinner } from '@/components/ui/spinner'
import { useNeedsYou } from '@/features/activity/api/activity'
import { useMe, useSignOut, useSignOutEverywhere } from '@/features/auth/api/auth'
import { SandboxWarning } from '@/features/settings/components/sandbox-warning'
import { isApiError } from '@/lib/api-client'
import { useShortcuts } from '@/lib/use-shortcuts'

/** The one user of local mode (the server's fixed id); there is nobody to sign out as. */
const LOCAL_USER_ID = '00000000-0000-0000-0000-000000000001'

/** Top bar and the signed-in guard (only GitHub mode ever answers 401). */
export function AppShell() {
  const me = useMe()
  const location = useLocation()
  const signOut = useSignOut()
  const signOutEverywhere = useSignOutEverywhere()
  const [helpOpen, setHelpOpen] = useState(false)
  const needsYou = useNeedsYou().data?.items.length ?? 0
  useShortcuts({ '?': () => setHelpOpen(true) })
  if (isApiError(me.error, 401)) return <Navigate to="/login" replace state={{ from: location.pathname }} />
  return (
    <div className="flex h-full flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-1 focus:left-1 focus:z-50 focus:rounded focus:bg-panel focus:px-2 focus:py-1">
        Skip to content
      </a>
      <header className="flex h-10 shrink-0 items-center gap-4 border-b border-border bg-panel px-3">
        <NavLink to="/" className="flex items-center gap-2 font-semibold">
          <img src="/favicon.svg" alt="" className="size-5" />
          Intern Village
        </NavLink>
        <nav aria-label="Main" className="flex gap-3 text-xs text-muted">
          <NavLink to="/" end className={({ isActive }) => (isActive ? 'text-fg' : 'hover:text-fg')}>
            Projects
          </NavLink>
          <NavLink to="/activity" className={({ isActive }) => (isActive ? 'text-fg' : 'hover:text-fg')}>
            Activity
            {needsYou ? (
              <span className="ml-1 rounded-full bg-red-500/15 px-1.5 text-[11px] text-red-700 tabular-nums dark:text-red-400" title={`${needsYou} waiting for you`}>
                {needsYou}
                <span className="sr-only"> need you</span>
              </span>
            ) : null}
          </NavLink>
        </nav>
        <div className="ml-auto flex items-center gap-2 text-xs text-muted">
          <button
            type="button"
            onClick={() => setHelpOpen(true)}
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            className="rounded p-1 hover:bg-raised hover:text-fg"
          >
            <Keyboard className="size-4" />
          </button>
          <NotificationsToggle />
          <ThemeSwitch />
          {me.isPending ? <Spinner /> : me.data ? <span>{me.data.github_username}</span> : null}
          {me.data?.avatar_url ? <img src={me.data.avatar_url} alt="" className="size-5 rounded-full" /> : null}
          {me.data && me.data.id !== LOCAL_USER_ID ? (
            <>
              <button type="button" onClick={() => signOut.mutate()} className="hover:text-fg">
                Sign out
              </button>
              <button
                type="button"
                onClick={() => signOutEverywhere.mutate()}
                className="hover:text-fg"
                title="Ends your sessions in every browser and on every device"
              >
                Sign out everywhere
              </button>
            </>
          ) : null}
        </div>
      </header>
      <SandboxWarning />
      <main id="main" className="min-h-0 flex-1 overflow-auto">
        <Outlet />
      </main>
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  )
}
