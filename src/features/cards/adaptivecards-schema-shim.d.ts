// adaptivecards-templating's typings import 'adaptivecards/src/schema', a .ts source file that does not compile
// under this project's settings (verbatimModuleSyntax). tsconfig "paths" points that one import here; the real
// schema types are not needed, only the name.
export type IAdaptiveCard = Record<string, unknown>;
