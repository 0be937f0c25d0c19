import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { SubtaskDiff } from '@/types/api'
import { DiffView } from './diff-view'

const diff = (files: SubtaskDiff['files']): SubtaskDiff => ({
  base_branch: 'main',
  branch: 'iv/t/s1-dates',
  diff: '',
  files,
  stats: { files_changed: files.length, additions: 3, deletions: 1 },
  truncated: false,
})
const file = (path: string): SubtaskDiff['files'][number] => ({ path, old_path: null, status: 'modified', additions: 3, deletions: 1, binary: false })

describe('DiffView', () => {
  it('counts one changed file in the singular, more in the plural', () => {
    const { rerender } = render(<DiffView diff={diff([file('a.ts')])} loading={false} error={null} />)
    expect(screen.getByText(/1 file ·/)).toBeInTheDocument()
    expect(screen.queryByText(/1 files/)).toBeNull()
    rerender(<DiffView diff={diff([file('a.ts'), file('b.ts')])} loading={false} error={null} />)
    expect(screen.getByText(/2 files ·/)).toBeInTheDocument()
  })
})
