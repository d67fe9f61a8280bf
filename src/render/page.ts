/** One file of the built site, in memory: where it goes in the output folder and what it holds. */
export interface Page {
  /** Path inside the output folder, `/`-separated, never starting with `/` or containing `..`. */
  outputPath: string;
  contents: string | Uint8Array;
}
