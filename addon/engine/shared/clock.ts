// The one clock of the timeline: absolute ms (timeOrigin + now), so times taken in the
// page and in every worker line up on one axis.
export const now = (): number => performance.timeOrigin + performance.now()
