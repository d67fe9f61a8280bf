import {
  AssignTag,
  BlockTag,
  CaseTag,
  CommentTag,
  defaultOperators,
  Drop,
  filters as builtinFilters,
  ForTag,
  IfTag,
  InlineCommentTag,
  isFalsy as liquidIsFalsy,
  isTruthy as liquidIsTruthy,
  LayoutTag,
  Output,
  RenderTag,
  toValueSync,
  TypeGuards,
  UnlessTag,
  type Liquid,
  type Template,
  type Token,
} from 'liquidjs';

/**
 * Renders a template file with the given variables, as `engine.renderFileSync` does; `globals`,
 * when given, are seen by the template and every partial and layout it uses, in place of the
 * engine's (LiquidJS's `globals` render option).
 */
export type RenderFile = (file: string, data: Record<string, unknown>, globals?: Record<string, unknown>) => string;

/**
 * Renders templates through closures compiled from LiquidJS's own parse, byte for byte what
 * `engine.renderFileSync` gives, several times faster: LiquidJS evaluates every tag, output and
 * property read through generators, which is most of the cost of a page.
 *
 * Only what the compiler knows exactly is compiled: HTML, outputs with the `escape`, `raw` and
 * `default` filters, `if`, `unless`, `case`, `for` without modifiers, `assign`, `render` of a
 * named partial with arguments, `layout` and `block` (without `block.super`), and comments, on
 * an engine with LiquidJS's default semantics. A template using anything else (a site's own
 * templates may), or one that fails to parse or to render, is rendered by LiquidJS itself, which
 * reports its errors.
 * Each semantic helper below mirrors the LiquidJS function of the same name (liquid.node.js).
 */
export function templateRenderer(engine: Liquid): RenderFile {
  const compiled = new Map<string, CompiledFile | null>();
  const compiler = supportsEngine(engine) ? new Compiler(engine) : undefined;
  return (file, data, globals) => {
    let render = compiled.get(file);
    if (render === undefined) {
      render = compiler?.compileFile(file) ?? null;
      compiled.set(file, render);
    }
    if (render) {
      try {
        return render(data, globals);
      } catch {
        // Let LiquidJS render it again and report the error, with the template's file and line.
      }
    }
    return engine.renderFileSync(file, data, globals ? { globals } : undefined) as string;
  };
}

type CompiledFile = (data: Record<string, unknown>, globals?: Record<string, unknown>) => string;
type Scope = Record<string, unknown>;
type Node = (ctx: RenderContext) => string;
type Expr = (ctx: RenderContext) => unknown;
type BlockRender = (ctx: RenderContext) => string;

/** Thrown while compiling something the compiler does not handle; the file falls back to LiquidJS. */
class Unsupported extends Error {}

/** The options the compiled semantics assume: LiquidJS's defaults, and `outputEscape: 'escape'`. */
function supportsEngine(engine: Liquid): boolean {
  const o = engine.options;
  return (
    o.outputEscape === builtinFilters.escape && o.ownPropertyOnly === true && !o.jsTruthy && !o.strictVariables && !o.lenientIf &&
    !o.keepOutputType && !o.catchAllErrors && o.operators === defaultOperators && o.memoryLimit === Infinity && o.renderLimit === Infinity
  );
}

/** Variables and registers of one rendering, as LiquidJS's `Context`. */
class RenderContext {
  readonly scopes: Scope[] = [Object.create(null) as Scope];
  /** Registers used by `layout` and `block`. */
  storeBlocks = false;
  readonly blocks: Record<string, BlockRender> = {};

  constructor(readonly environments: Scope, readonly globals: Scope) {}

  findScope(key: unknown): Scope {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const candidate = this.scopes[i] as Scope;
      if ((key as string) in candidate) return candidate;
    }
    return (key as string) in this.environments ? this.environments : this.globals;
  }
}

/** LiquidJS's `forloop` object (`ForloopDrop`, which it does not export): same fields, in the same order, and methods. */
class ForloopDrop extends Drop {
  i: number;
  length: number;
  name: string;
  constructor(length: number, name: string) {
    super();
    this.i = 0;
    this.length = length;
    this.name = name;
  }
  next(): void {
    this.i++;
  }
  index0(): number {
    return this.i;
  }
  index(): number {
    return this.i + 1;
  }
  first(): boolean {
    return this.i === 0;
  }
  last(): boolean {
    return this.i === this.length - 1;
  }
  rindex(): number {
    return this.length - this.i;
  }
  rindex0(): number {
    return this.length - this.i - 1;
  }
  override valueOf(): string {
    return JSON.stringify(this);
  }
}

// ---------------------------------------------------------------- semantics (LiquidJS's, without generators)

const hasOwn = Object.prototype.hasOwnProperty;
const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';
// LiquidJS tests `Object.prototype.toString` for '[object Array]'; only an object faking its
// `Symbol.toStringTag` could tell the two apart, and template data holds none.
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isObject = (value: unknown): value is object => value !== null && (typeof value === 'object' || typeof value === 'function');
const isIterator = (value: unknown): boolean =>
  !!value && isFunction((value as Generator).next) && isFunction((value as Generator).throw) && isFunction((value as Generator).return);
/** A result LiquidJS would `yield`: generators (drop methods) run to their value. */
const settle = (value: unknown): unknown => (isIterator(value) ? toValueSync(value) : value);

function toValue(value: unknown): unknown {
  return value instanceof Drop && isFunction(value.valueOf) ? value.valueOf() : value;
}

function toLiquid(value: unknown): unknown {
  const toLiquidFn = value && (value as { toLiquid?: unknown }).toLiquid;
  return isFunction(toLiquidFn) ? toLiquid(toLiquidFn.call(value)) : value;
}

function stringify(value: unknown): string {
  value = toValue(value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (isArray(value)) return value.map(stringify).join('');
  return String(value);
}

function isFalsy(value: unknown): boolean {
  value = toValue(value);
  return value === false || value === undefined || value === null;
}

function readJSProperty(obj: object, key: unknown): unknown {
  if (!hasOwn.call(obj, key as PropertyKey) && !(obj instanceof Drop)) return undefined;
  return (obj as Record<PropertyKey, unknown>)[key as PropertyKey];
}

function readArrayElement(arr: unknown[], index: number): unknown {
  if (index < 0) index = arr.length + index;
  return hasOwn.call(arr, index) ? arr[index] : undefined;
}

function readSize(obj: object): unknown {
  const size = (obj as { size?: unknown }).size;
  if (hasOwn.call(obj, 'size') || size !== undefined) return size;
  if (isArray(obj) || typeof obj === 'string') return (obj as unknown[]).length;
  if (typeof obj === 'object') return Object.keys(obj).length;
  return undefined;
}

function readProperty(obj: unknown, key: unknown): unknown {
  obj = toLiquid(obj);
  key = toValue(key);
  if (obj === null || obj === undefined) return obj;
  if (isArray(obj) && typeof key === 'number') return readArrayElement(obj, key);
  const value = readJSProperty(obj as object, key);
  if (value === undefined && obj instanceof Drop) return settle(obj.liquidMethodMissing(key as string, undefined as never));
  if (isFunction(value)) return settle(value.call(obj));
  if (key === 'size') return readSize(obj as object);
  if (key === 'first') return isArray(obj) ? readArrayElement(obj, 0) : readJSProperty(obj as object, 'first');
  if (key === 'last') return isArray(obj) ? readArrayElement(obj, -1) : readJSProperty(obj as object, 'last');
  return value;
}

function toEnumerable(value: unknown): unknown[] {
  value = toValue(value);
  if (isArray(value)) return value;
  if (typeof value === 'string' && value.length > 0) return [value];
  if (isObject(value) && Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  if (isObject(value)) return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
  return [];
}

interface Comparable {
  equals(other: unknown): unknown;
  gt(other: unknown): unknown;
  geq(other: unknown): unknown;
  lt(other: unknown): unknown;
  leq(other: unknown): unknown;
}

function isComparable(arg: unknown): arg is Comparable {
  const c = arg as Comparable;
  return !!arg && isFunction(c.equals) && isFunction(c.gt) && isFunction(c.geq) && isFunction(c.lt) && isFunction(c.leq);
}

function equals(lhs: unknown, rhs: unknown): boolean {
  if (isComparable(lhs)) return settle(lhs.equals(rhs)) as boolean;
  if (isComparable(rhs)) return settle(rhs.equals(lhs)) as boolean;
  lhs = toValue(lhs);
  rhs = toValue(rhs);
  if (isArray(lhs)) return isArray(rhs) && lhs.length === rhs.length && lhs.every((item, i) => equals(item, rhs[i]));
  return lhs === rhs;
}

type Compare = 'gt' | 'lt' | 'geq' | 'leq';
const mirrored: Record<Compare, Compare> = { gt: 'lt', lt: 'gt', geq: 'leq', leq: 'geq' };

function compare(method: Compare, l: unknown, r: unknown): unknown {
  if (isComparable(l)) return settle(l[method](r));
  if (isComparable(r)) return settle(r[mirrored[method]](l));
  const a = toValue(l) as number;
  const b = toValue(r) as number;
  return method === 'gt' ? a > b : method === 'lt' ? a < b : method === 'geq' ? a >= b : a <= b;
}

const binaryOperators: Record<string, (l: unknown, r: unknown) => unknown> = {
  '==': (l, r) => equals(l, r),
  '!=': (l, r) => !equals(l, r),
  '>': (l, r) => compare('gt', l, r),
  '<': (l, r) => compare('lt', l, r),
  '>=': (l, r) => compare('geq', l, r),
  '<=': (l, r) => compare('leq', l, r),
  contains: (l, r) => {
    l = toValue(l);
    if (isArray(l)) return l.some((item) => equals(item, r));
    const indexOf = (l as { indexOf?: unknown } | null | undefined)?.indexOf;
    return isFunction(indexOf) ? (indexOf.call(l, toValue(r)) as number) > -1 : false;
  },
  and: (l, r) => !isFalsy(toValue(l)) && !isFalsy(toValue(r)),
  or: (l, r) => !isFalsy(toValue(l)) || !isFalsy(toValue(r)),
};

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapable = /[&<>"']/;

function escape(value: unknown): string {
  const text = stringify(value);
  // Most values (dates, URLs, plain titles) have nothing to escape: skip the replacement.
  return escapable.test(text) ? text.replace(/&|<|>|"|'/g, (m) => escapeMap[m] as string) : text;
}

function defaultFilter(value: unknown, fallback: unknown, ...options: unknown[]): unknown {
  value = toValue(value);
  if (isArray(value) || typeof value === 'string') return value.length ? value : fallback;
  if (value === false && new Map(options as Array<[unknown, unknown]>).get('allow_false')) return false;
  return isFalsy(value) ? fallback : value;
}

// ---------------------------------------------------------------- the compiler

/** The parts of LiquidJS's parsed templates the compiler reads (several are private in its typings). */
interface TokenShape {
  kind: number;
  content?: unknown;
  variable?: TokenShape;
  props?: TokenShape[];
  operator?: string;
  getText(): string;
}
interface ValueShape {
  initial: { postfix: TokenShape[] };
  filters: Array<{ name: string; args: Array<TokenShape | [string, TokenShape]>; raw: boolean; handler: unknown }>;
}
interface HashShape {
  hash: Record<string, TokenShape | undefined>;
}
type Branch = { value: ValueShape; templates: Template[]; test?: unknown };

class Compiler {
  private readonly sequences = new Map<Template[], { run: Node }>();
  /** Sequences compiled for the file being compiled: dropped if it turns out unsupported. */
  private added: Template[][] = [];

  constructor(private readonly engine: Liquid) {}

  compileFile(file: string): CompiledFile | null {
    this.added = [];
    try {
      const run = this.sequence(this.engine.parseFileSync(file));
      const globals = this.engine.options.globals as Scope;
      return (data, own) => run(new RenderContext(data, own ?? globals));
    } catch {
      for (const templates of this.added) this.sequences.delete(templates);
      return null;
    }
  }

  /** A list of templates, compiled once however often it is rendered (partials are often shared, or recursive). */
  private sequence(templates: Template[]): Node {
    let compiled = this.sequences.get(templates);
    if (!compiled) {
      const entry: { run: Node } = {
        run: () => {
          throw new Error('unreachable: a template rendered while it was being compiled');
        },
      };
      this.sequences.set(templates, entry);
      this.added.push(templates);
      const nodes = templates.map((template) => this.template(template));
      entry.run = (ctx) => {
        let html = '';
        for (const node of nodes) html += node(ctx);
        return html;
      };
      compiled = entry;
    }
    const target = compiled;
    return (ctx) => target.run(ctx);
  }

  private template(template: Template): Node {
    const t = template as unknown as Record<string, unknown> & { token: TokenShape };
    if (TypeGuards.isHTMLToken(t.token) && typeof t['str'] === 'string') {
      const html = t['str'];
      return () => html;
    }
    if (template instanceof Output) {
      const value = this.value(template.value as unknown as ValueShape);
      return (ctx) => stringify(toValue(value(ctx)));
    }
    if (template instanceof IfTag) {
      return this.branches((template.branches as unknown as Branch[]).map((branch) => ({ ...branch, test: liquidIsTruthy })), template.elseTemplates ?? []);
    }
    if (template instanceof UnlessTag) return this.branches(template.branches as unknown as Branch[], template.elseTemplates);
    if (template instanceof CaseTag) return this.caseTag(template);
    if (template instanceof ForTag) return this.forTag(template);
    if (template instanceof AssignTag) {
      const { key, value } = template as unknown as { key: string; value: ValueShape };
      const expr = this.value(value);
      return (ctx) => {
        (ctx.scopes[0] as Scope)[key] = expr(ctx);
        return '';
      };
    }
    if (template instanceof RenderTag) return this.renderTag(template);
    if (template instanceof LayoutTag) return this.layoutTag(template);
    if (template instanceof BlockTag) return this.blockTag(template);
    if (template instanceof CommentTag || template instanceof InlineCommentTag) return () => '';
    throw new Unsupported();
  }

  /** `if` and `unless`: the first branch whose test passes renders, else the `else` part. */
  private branches(branches: Branch[], elseTemplates: Template[]): Node {
    const compiled = branches.map((branch) => {
      if (branch.test !== liquidIsTruthy && branch.test !== liquidIsFalsy) throw new Unsupported();
      return { value: this.value(branch.value), truthy: branch.test === liquidIsTruthy, body: this.sequence(branch.templates) };
    });
    const otherwise = this.sequence(elseTemplates);
    return (ctx) => {
      for (const branch of compiled) {
        if (isFalsy(toValue(branch.value(ctx))) !== branch.truthy) return branch.body(ctx);
      }
      return otherwise(ctx);
    };
  }

  private caseTag(tag: CaseTag): Node {
    const target = this.value(tag.value as unknown as ValueShape);
    const branches = tag.branches.map((branch) => ({
      values: (branch.values as unknown as TokenShape[]).map((token) => this.operand(token)),
      body: this.sequence(branch.templates),
    }));
    const otherwise = this.sequence(tag.elseTemplates);
    return (ctx) => {
      const value = toValue(target(ctx));
      let html = '';
      let hit = false;
      // As LiquidJS: every branch with a matching value renders, not only the first.
      for (const branch of branches) {
        for (const candidate of branch.values) {
          if (equals(value, candidate(ctx))) {
            html += branch.body(ctx);
            hit = true;
            break;
          }
        }
      }
      return hit ? html : otherwise(ctx);
    };
  }

  private forTag(tag: ForTag): Node {
    // Modifiers (`limit`, `offset`, `reversed`) and `break`/`continue` are left to LiquidJS.
    if (Object.keys((tag.hash as unknown as HashShape).hash).length > 0) throw new Unsupported();
    const collectionToken = tag.collection as unknown as TokenShape;
    const collection = this.operand(collectionToken);
    const name = `${tag.variable}-${collectionToken.getText()}`;
    const variable = tag.variable;
    const body = this.sequence(tag.templates);
    const otherwise = this.sequence(tag.elseTemplates);
    return (ctx) => {
      const items = toEnumerable(collection(ctx));
      if (!items.length) return otherwise(ctx);
      const forloop = new ForloopDrop(items.length, name);
      const scope = Object.create(null) as Scope;
      scope['forloop'] = forloop;
      ctx.scopes.push(scope);
      let html = '';
      for (const item of items) {
        scope[variable] = item;
        html += body(ctx);
        forloop.next();
      }
      ctx.scopes.pop();
      return html;
    };
  }

  private renderTag(tag: RenderTag): Node {
    const { file, currentFile, hash, with: withBinding, forBinding } = tag as unknown as {
      file: unknown;
      currentFile?: string;
      hash: HashShape;
      with?: unknown;
      forBinding?: unknown;
    };
    if (typeof file !== 'string' || withBinding !== undefined || forBinding !== undefined) throw new Unsupported();
    const args = Object.entries(hash.hash).map(([key, token]) => ({ key, value: token === undefined ? () => true : this.operand(token) }));
    const partial = this.sequence(toValueSync(this.engine._parsePartialFile(file, true, currentFile)));
    return (ctx) => {
      // A partial sees only its arguments (and globals), with registers of its own.
      const child = new RenderContext({}, ctx.globals);
      const scope = child.scopes[0] as Scope;
      for (const arg of args) scope[arg.key] = arg.value(ctx);
      return partial(child);
    };
  }

  private layoutTag(tag: LayoutTag): Node {
    const { file, currentFile, args } = tag as unknown as { file: unknown; currentFile?: string; args: HashShape };
    const content = this.sequence(tag.templates);
    if (file === undefined) {
      return (ctx) => {
        ctx.storeBlocks = false;
        return content(ctx);
      };
    }
    if (typeof file !== 'string' || Object.keys(args.hash).length > 0) throw new Unsupported();
    const layout = this.sequence(toValueSync(this.engine._parseLayoutFile(file, true, currentFile)));
    return (ctx) => {
      // The child's blocks are stored, the rest of it is the anonymous block; then the layout renders them.
      ctx.storeBlocks = true;
      const html = content(ctx);
      if (ctx.blocks[''] === undefined) ctx.blocks[''] = () => html;
      ctx.storeBlocks = false;
      return layout(ctx);
    };
  }

  private blockTag(tag: BlockTag): Node {
    const name = tag.block;
    const own = this.sequence(tag.templates);
    return (ctx) => {
      // A block a child template stored replaces this one (`block.super` is left to LiquidJS).
      const render = ctx.blocks[name] ?? own;
      if (ctx.storeBlocks) {
        ctx.blocks[name] = render;
        return '';
      }
      return render(ctx);
    };
  }

  /** A value with its filters, as LiquidJS's `Value.value`. */
  private value(value: ValueShape): Expr {
    let expr = this.expression(value.initial.postfix);
    for (const filter of value.filters) {
      const args = filter.args.map((arg) =>
        isArray(arg) ? { key: arg[0] as string | undefined, value: this.operand(arg[1]) } : { key: undefined, value: this.operand(arg) },
      );
      const input = expr;
      if (filter.handler === builtinFilters.escape && args.length === 0) expr = (ctx) => escape(input(ctx));
      else if (filter.raw && filter.handler === (builtinFilters.raw as { handler: unknown }).handler) expr = input;
      else if (filter.handler === builtinFilters.default) {
        expr = (ctx) => {
          const v = input(ctx);
          const argv = args.map((arg) => (arg.key === undefined ? arg.value(ctx) : [arg.key, arg.value(ctx)]));
          return defaultFilter(v, ...(argv as [unknown, ...unknown[]]));
        };
      } else throw new Unsupported();
    }
    return expr;
  }

  /** An expression in LiquidJS's postfix form: operands in order, each operator applied to the last ones. */
  private expression(postfix: TokenShape[]): Expr {
    const stack: Expr[] = [];
    const pop = (): Expr => {
      const operand = stack.pop();
      if (!operand) throw new Unsupported();
      return operand;
    };
    for (const token of postfix) {
      if (!TypeGuards.isOperatorToken(token as unknown as Token)) {
        stack.push(this.operand(token));
        continue;
      }
      const operator = token.operator as string;
      if (operator === 'not') {
        const operand = pop();
        stack.push((ctx) => isFalsy(toValue(operand(ctx))));
        continue;
      }
      const apply = binaryOperators[operator];
      if (!apply) throw new Unsupported();
      const r = pop();
      const l = pop();
      stack.push((ctx) => apply(l(ctx), r(ctx)));
    }
    if (stack.length !== 1) throw new Unsupported();
    return stack[0] as Expr;
  }

  /** One operand, as LiquidJS's `evalToken`: literals as they are, property reads through the scopes. */
  private operand(token: TokenShape): Expr {
    if ('content' in token) {
      const content = token.content;
      return () => content;
    }
    if (!TypeGuards.isPropertyAccessToken(token as unknown as Token)) throw new Unsupported();
    const props = (token.props ?? []).map((prop) => {
      const read = this.operand(prop);
      return (ctx: RenderContext) => toValue(read(ctx));
    });
    if (token.variable) {
      const variable = this.operand(token.variable);
      return (ctx) => {
        const keys = props.map((prop) => prop(ctx));
        let value = variable(ctx);
        for (const key of keys) value = readProperty(value, key);
        return value;
      };
    }
    const root = token.props?.[0];
    // `block` is the variable of `block.super`, which is left to LiquidJS; a computed root might be it.
    if (!root || !('content' in root) || root.content === 'block') throw new Unsupported();
    if ((token.props ?? []).every((prop) => 'content' in prop)) {
      // The usual `a.b.c`: the keys are known now.
      const keys = (token.props ?? []).map((prop) => toValue(prop.content));
      return (ctx) => {
        let value: unknown = ctx.findScope(keys[0]);
        for (const key of keys) value = readProperty(value, key);
        return value;
      };
    }
    return (ctx) => {
      const keys = props.map((prop) => prop(ctx));
      let value: unknown = ctx.findScope(keys[0]);
      for (const key of keys) value = readProperty(value, key);
      return value;
    };
  }
}
