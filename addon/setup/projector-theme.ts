// One syntax palette for every piece of code in the deck, made for a projector: Shiki
// highlights the Python blocks with it at build time, and Slidev's Monaco setup turns the
// same theme into the editor's (shikiToMonaco, after setup/monaco.ts runs), so the live
// cells, the {monaco-run} blocks and the static code read alike.
//
// Projectors wash colour out: every colour here that draws text is dark enough for 7:1
// (WCAG AAA) on the code background, so that what is left after the wash-out still clears
// 4.5:1 (AA). Hues tell token kinds apart, lightness never does. e2e/a11y.spec.ts checks
// the ratios; docs/accessibility.md lists them.
import type { ThemeRegistration } from 'shiki'

/** The code background: Slidev's --slidev-code-background, which styles/deck.css keeps. */
export const CODE_BACKGROUND = '#f5f5f5'

/** Text colours, each at least 7:1 on CODE_BACKGROUND. */
export const palette = {
  foreground: '#1f2328',
  comment: '#4a5160',
  punctuation: '#3d4450',
  keyword: '#8b1a55',
  string: '#0d5e2b',
  constant: '#8a3300',
  function: '#1d4f91',
  builtin: '#6f2da8',
  type: '#0b5c66',
  property: '#5c4d00',
  invalid: '#a4161a',
} as const

/** Editor chrome that draws text: at least 4.5:1 (line numbers stay quieter than code). */
export const chrome = {
  lineNumber: '#59616d',
} as const

type Role = keyof typeof palette
const rules: Array<[Role, string[], fontStyle?: string]> = [
  ['comment', ['comment', 'punctuation.definition.comment', 'string.comment'], 'italic'],
  ['punctuation', [
    'punctuation', 'meta.brace', 'delimiter', 'keyword.operator', 'storage.type.function.arrow',
    'punctuation.separator', 'punctuation.accessor',
  ]],
  ['keyword', [
    'keyword', 'storage', 'storage.type', 'storage.modifier', 'keyword.control', 'keyword.operator.new',
    'keyword.operator.expression', 'keyword.operator.logical.python', 'keyword.operator.wordlike',
    'punctuation.definition.template-expression', 'punctuation.section.embedded', 'storage.type.string.python',
  ]],
  ['string', ['string', 'string.template', 'string.quoted.docstring', 'punctuation.definition.string', 'markup.inline.raw']],
  ['constant', [
    'constant', 'constant.numeric', 'constant.language', 'constant.character', 'constant.character.escape',
    'constant.character.format.placeholder', 'support.constant', 'string.regexp', 'keyword.operator.quantifier.regexp',
    'number',
  ]],
  ['function', [
    'entity.name.function', 'support.function', 'meta.function-call.generic', 'entity.name.function.decorator',
    'punctuation.definition.decorator', 'meta.decorator',
  ]],
  ['builtin', [
    'support.function.builtin', 'variable.language', 'variable.parameter.function.language.special',
    'support.class.console', 'support.variable.object', 'support.class.builtin', 'support.class.promise',
  ]],
  ['type', [
    'entity.name.type', 'entity.name.class', 'support.type', 'support.class', 'entity.other.inherited-class',
    'support.type.primitive', 'meta.type.annotation entity.name.type', 'storage.type.class.jsdoc',
  ]],
  ['property', [
    'variable.other.property', 'variable.other.object.property', 'meta.object-literal.key', 'support.variable.property',
    'entity.other.attribute-name', 'meta.member.access.python variable.other',
  ]],
  ['invalid', ['invalid', 'invalid.illegal', 'invalid.deprecated', 'message.error']],
]

export const projectorLight: ThemeRegistration = {
  name: 'projector-light',
  displayName: 'Projector Light',
  type: 'light',
  fg: palette.foreground,
  bg: CODE_BACKGROUND,
  colors: {
    'editor.background': CODE_BACKGROUND,
    'editor.foreground': palette.foreground,
    'editorGutter.background': CODE_BACKGROUND,
    'editorLineNumber.foreground': chrome.lineNumber,
    'editorLineNumber.activeForeground': palette.foreground,
    'editorLineNumber.dimmedForeground': chrome.lineNumber,
    'editorCursor.foreground': palette.foreground,
    'editor.selectionBackground': '#b9d3ee',
    'editor.inactiveSelectionBackground': '#d5e2f0',
    'editor.selectionHighlightBackground': '#dde6ef',
    'editor.wordHighlightBackground': '#e1e5ea',
    'editor.wordHighlightStrongBackground': '#d9dee5',
    'editor.findMatchBackground': '#f5d37a',
    'editor.findMatchHighlightBackground': '#f8e6b3',
    'editor.lineHighlightBackground': '#ebebeb',
    'editorIndentGuide.background1': '#d3d6db',
    'editorIndentGuide.activeBackground1': '#9aa1ab',
    'editorWhitespace.foreground': '#b4b9c1',
    // Bracket pairs keep Monaco's blue, green, brown by depth, darkened (its green is 3.6:1).
    'editorBracketHighlight.foreground1': palette.function,
    'editorBracketHighlight.foreground2': palette.string,
    'editorBracketHighlight.foreground3': palette.constant,
    'editorBracketHighlight.unexpectedBracket.foreground': palette.invalid,
    'editorBracketMatch.background': '#d9e5f1',
    'editorBracketMatch.border': chrome.lineNumber,
    'editorError.foreground': '#b3261e',
    'editorWarning.foreground': '#8a5a00',
    'editorInfo.foreground': palette.function,
    // Unused code keeps its colour (Monaco fades it by default) and gets a dashed underline.
    'editorUnnecessaryCode.opacity': '#000000ff',
    'editorUnnecessaryCode.border': chrome.lineNumber,
    'editorGhostText.foreground': chrome.lineNumber,
    'editorInlayHint.foreground': palette.comment,
    'editorInlayHint.background': '#e6e6e6',
    'editorCodeLens.foreground': palette.comment,
    'editorWidget.background': '#ffffff',
    'editorWidget.foreground': palette.foreground,
    'editorWidget.border': chrome.lineNumber,
    'editorHoverWidget.background': '#ffffff',
    'editorHoverWidget.foreground': palette.foreground,
    'editorHoverWidget.border': chrome.lineNumber,
    'editorSuggestWidget.background': '#ffffff',
    'editorSuggestWidget.foreground': palette.foreground,
    'editorSuggestWidget.border': chrome.lineNumber,
    'editorSuggestWidget.selectedBackground': '#d9e5f1',
    'editorSuggestWidget.selectedForeground': palette.foreground,
    'editorSuggestWidget.highlightForeground': palette.function,
    'editorSuggestWidget.focusHighlightForeground': palette.function,
    'list.hoverBackground': '#eef2f6',
    'list.activeSelectionBackground': '#d9e5f1',
    'list.activeSelectionForeground': palette.foreground,
    'list.inactiveSelectionBackground': '#e4e9ef',
    'list.highlightForeground': palette.function,
    'list.focusHighlightForeground': palette.function,
    'input.background': '#ffffff',
    'input.foreground': palette.foreground,
    'input.border': chrome.lineNumber,
    'input.placeholderForeground': chrome.lineNumber,
    'descriptionForeground': palette.comment,
    'textLink.foreground': palette.function,
    'focusBorder': '#0072b2',
    'widget.shadow': '#00000030',
    'scrollbarSlider.background': '#8a919b55',
    'scrollbarSlider.hoverBackground': '#8a919b88',
    'scrollbarSlider.activeBackground': '#6b7280aa',
    'editorOverviewRuler.border': '#00000000',
  },
  settings: [
    { settings: { foreground: palette.foreground, background: CODE_BACKGROUND } },
    ...rules.map(([role, scope, fontStyle]) => ({ scope, settings: { foreground: palette[role], ...(fontStyle ? { fontStyle } : {}) } })),
  ],
}
