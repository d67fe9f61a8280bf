/** The CommonMark spec's examples, as the `commonmark-spec` package gives them. */
declare module 'commonmark-spec' {
  export const tests: Array<{ markdown: string; html: string; section: string; number: number }>;
}
