// The addon's Vite plugins that need the deck using it (Slidev hands it over here): its
// snippet folder, options and handout (vite/deck-modules.ts). The rest of the addon's
// Vite configuration, which needs no deck, is its vite.config.ts.
import { defineVitePluginsSetup } from '@slidev/types'
import { handoutName, liveCellsOptions } from '../scripts/deck.mjs'
import { deckModules } from '../vite/deck-modules'
import { withoutRemoteFavicon } from '../vite/plugins'

export default defineVitePluginsSetup((options) => {
  options.utils.indexHtml = withoutRemoteFavicon(options.utils.indexHtml)
  return deckModules({
    root: options.userRoot,
    options: liveCellsOptions(options.data.headmatter),
    handout: handoutName(options.data.headmatter),
  })
})
