import { defineRootSetup } from '@slidev/types'
import { onBeforeUnmount, onMounted } from 'vue'
import { watchMenuButtons } from './nav-a11y'

// Runs once in Slidev's root component, in every view (slides, presenter, overview).
export default defineRootSetup(() => {
  let stop: (() => void) | undefined
  onMounted(() => { stop = watchMenuButtons(document.body) })
  onBeforeUnmount(() => stop?.())
})
