// Slidev's client internals the reading view renders slides with (pages/play.vue,
// internals/SlideWrapper.vue, composables/useClicks.ts, constants.ts): sources inside
// @slidev/client that import Slidev's virtual modules; the type-check sees them through this
// declaration (tsconfig `paths`) instead of compiling Slidev's client.
import type { ClicksContext, RenderContext, SlideRoute } from '@slidev/types'
import type { DefineComponent } from 'vue'

/** pages/play.vue (no props), or internals/SlideWrapper.vue (one slide, its clicks, where it renders). */
declare const component: DefineComponent<{ route?: SlideRoute, clicksContext?: ClicksContext, renderContext?: RenderContext }>
export default component

/** A slide's clicks, fixed at `currentInit` (CLICKS_MAX: everything shown). */
export declare function createFixedClicks(route?: SlideRoute, currentInit?: number): ClicksContext
export declare const CLICKS_MAX: number

declare module 'vue-router' {
  interface RouteMeta {
    /** Slidev's slide info: what the reading view reads of it (its title, its rendered notes). */
    slide?: { no: number, title?: string, noteHTML?: string }
  }
}
