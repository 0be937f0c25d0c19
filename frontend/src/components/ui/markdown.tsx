import ReactMarkdown, { type Components } from 'react-markdown'

/**
 * Markdown from agents, rendered safely: react-markdown builds React elements and ignores raw
 * HTML (no rehype-raw), and links with a javascript: or data: URL are dropped by its default
 * urlTransform.
 */
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  // a long code line scrolls the block sideways: focusable, so the keyboard can scroll it (axe scrollable-region-focusable)
  // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- see above
  pre: ({ children }) => <pre tabIndex={0}>{children}</pre>,
}

export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown text-[13px] leading-relaxed">
      <ReactMarkdown components={components}>
        {children}
      </ReactMarkdown>
    </div>
  )
}
