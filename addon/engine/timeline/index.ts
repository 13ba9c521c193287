// The timeline: spans -> a model the view only has to draw (model.ts), the words it says
// (labels.ts), and where each mark goes (layout.ts); charts drawn with `plot` (plot.ts).
export { buildTimeline, isOpenSpan, type GroupMarker, type SpanKind, type TimelineAxis, type TimelineBar, type TimelineGroup, type TimelineLane, type TimelineModel, type TimelineOptions } from './model'
export { groupHeading, groupHeadingParts, idealReason, timelineLabel } from './labels'
export { assignTracks, compareLanes, niceTicks, unionMs } from './intervals'
export { plotLabel, plotScales, type PlotAxis, type PlotScales } from './plot'
