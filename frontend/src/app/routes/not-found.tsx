import { Link } from 'react-router'

export function NotFoundRoute({ what = 'page' }: { what?: string }) {
  return (
    <div className="mx-auto mt-24 max-w-md text-center">
      <p className="font-mono text-5xl text-muted/40">404</p>
      <h1 className="mt-3 text-base font-semibold">This {what} does not exist</h1>
      <p className="mt-1 text-xs text-muted">It may have been deleted, or the link is wrong.</p>
      <Link to="/" className="mt-4 inline-block text-sm text-accent hover:underline">
        Back to projects
      </Link>
    </div>
  )
}
