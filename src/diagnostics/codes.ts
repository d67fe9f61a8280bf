/**
 * The catalogue of problems quire reports. Codes are permanent: authors search for them,
 * so rename none; add new ones instead.
 */
export const codes = {
  ConfigUnreadable: 'The site config file cannot be read.',
  ConfigYaml: 'The site config file is not valid YAML or JSON.',
  ConfigInvalid: 'A site config value has the wrong type or an unknown value.',
  ConfigUnknownKey: 'The site config has a key quire does not know.',
  SourceUnreadable: 'A source file cannot be read.',
  SourceEncoding: 'A source file is not valid UTF-8 text.',
  SourceSymlink: 'A symbolic link points outside the source folder or loops.',
  FrontMatterYaml: 'Front matter is not valid YAML.',
  FrontMatterToml: 'Front matter between `+++` lines is not valid TOML.',
  FrontMatterJson: 'Front matter in JSON (`;;;` lines or a leading `{…}`) is not valid JSON.',
  NotAPost: 'A markdown file in the posts folder has no front matter; it is skipped.',
  SourceSkipped: 'A file in the posts folder looks like a post, but its extension is not one quire reads.',
  FrontMatterLanguage: 'Front matter is written in a language other than YAML.',
  FrontMatterNotMapping: 'Front matter is not a list of `key: value` fields.',
  MissingTitle: 'A post has no title.',
  InvalidField: 'A front-matter field has the wrong type.',
  UnknownField: 'A front-matter field is not one quire knows; it is kept for templates.',
  MissingDate: 'A post has no date in its front matter or file name.',
  InvalidDate: 'A date is not a real calendar date or time.',
  InvalidSlug: 'A slug cannot be used in a URL.',
  EmptyPost: 'A post has no body text.',
  PermalinkCollision: 'Two posts would be written to the same page.',
  BrokenPostLink: 'A link points at a post source file that does not exist.',
  LinkToUnpublished: 'A link points at a draft or scheduled post; it is plain text until that post is out.',
  MarkdownTooDeep: 'A post nests quotes or lists deeper than quire renders.',
  MarkdownTooComplex: 'A post has more separate quotes and lists than quire renders in reasonable time.',
  MarkdownFailed: 'A post could not be rendered.',
  TagCase: 'A tag is spelled with different capitals in different posts.',
  TemplateError: 'A template failed to render.',
  CommentInvalid: 'A stored comment is malformed.',
  CommentOrphan: 'A stored comment belongs to a post that does not exist.',
  ImportMalformed: 'An export file for quire import is not well-formed XML of the expected kind.',
  OutputUnsafe: 'The output folder overlaps the site sources or does not look like quire output.',
  OutputLocked: 'Another build is writing the same output folder.',
} as const;

/** A permanent diagnostic code. */
export type DiagnosticCode = keyof typeof codes;
