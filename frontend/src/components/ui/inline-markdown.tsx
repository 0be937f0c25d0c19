import type { ReactNode } from 'react'
import { parseInline, type InlineNode } from '@/lib/inline-markdown'

/**
 * A title with its inline markdown (`code`, *em*, **strong**) as React elements; anything else
 * (links, images, HTML, blocks) shows as the text it is. See lib/inline-markdown.ts.
 */
export function InlineMarkdown({ children }: { children: string }) {
  return <>{render(parseInline(children))}</>
}

function render(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((n, i) => {
    if (typeof n === 'string') return n
    if (n.type === 'code')
      return (
        <code key={i} className="rounded-[3px] bg-fg/10 px-1 font-mono text-[0.92em]">
          {n.text}
        </code>
      )
    return n.type === 'em' ? <em key={i}>{render(n.children)}</em> : <strong key={i} className="font-semibold">{render(n.children)}</strong>
  })
}
