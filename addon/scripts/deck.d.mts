export interface LiveCellsOptions { snippets: string, budget: number, prewarm: 'speaker' | 'all' | 'none' }
export const DEFAULTS: Readonly<LiveCellsOptions>
export function liveCellsOptions(headmatter?: Record<string, unknown>): LiveCellsOptions
export function handoutName(headmatter?: Record<string, unknown>): string
export function readDeck(root?: string, entry?: string): Promise<{ headmatter: Record<string, unknown>, slides: number }>
