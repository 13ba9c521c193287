// Empties a Vite dependency cache (default node_modules/.vite), so the next `slidev`
// start with it is a cold one, as on a fresh clone. The browser tests give their dev
// server a cache of its own (LIVE_CELLS_VITE_CACHE_DIR) and empty it first.
import { rmSync } from 'node:fs'

rmSync(process.argv[2] ?? 'node_modules/.vite', { recursive: true, force: true })
