// The deck's one Background (engine/background.ts): the engine's runs and the deck's own
// start-up steps (compiler, language service, editors, burn's rates) share it.
import { Background } from '../engine/run/background'

export const background = new Background()

/** Names of the start-up work a Run may wait for, as the cell says them ("Getting ready: …"). */
export const LANGUAGE_SERVICE = 'starting the editor\'s language service'
export const EDITORS = 'building the editors'
