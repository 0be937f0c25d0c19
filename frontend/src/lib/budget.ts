/** The largest budget the server takes, in US dollars. */
export const BUDGET_MAX_USD = 1_000_000

/** A budget in US dollars as typed: empty is none, else a number above 0 (a leading $ is allowed). */
export function parseBudget(text: string): { value: number | null; error?: string } {
  if (!text.trim()) return { value: null }
  const value = Number(text.trim().replace(/^\$/, ''))
  if (!Number.isFinite(value) || value <= 0) return { value: null, error: 'The budget must be a number of dollars above 0' }
  if (value > BUDGET_MAX_USD) return { value: null, error: 'The budget must be at most $1,000,000' }
  return { value }
}
