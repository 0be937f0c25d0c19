import { GitPullRequest } from 'lucide-react'
import { Link } from 'react-router'

/** A local forge's "pull request" is a path in this app; a GitHub one is a URL. */
export function PrLink({ url, number }: { url: string; number: number | null }) {
  const label = number ? `PR #${number}` : 'Pull request'
  const className = 'inline-flex items-center gap-1 text-xs text-info hover:underline [&_svg]:size-3'
  if (url.startsWith('/')) {
    return (
      <Link to={url} className={className} onClick={(e) => e.stopPropagation()}>
        <GitPullRequest /> {label}
      </Link>
    )
  }
  return (
    <a href={url} target="_blank" rel="noreferrer noopener" className={className} onClick={(e) => e.stopPropagation()}>
      <GitPullRequest /> {label}
    </a>
  )
}
