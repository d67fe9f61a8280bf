/**
 * A model object while the site stage makes it: the same fields, writable, its arrays and its
 * records of arrays open to additions. The model is handed on as the readonly type, so nothing
 * after this stage can change a post, a term or a listing; caches keyed on model objects (a
 * watching process keeps the model) rely on that.
 */
export type Draft<T> = { -readonly [K in keyof T]: Writable<T[K]> };

type Writable<V> = V extends ReadonlyArray<infer U>
  ? U[]
  : V extends Readonly<Record<string, ReadonlyArray<infer U>>>
    ? Record<string, U[]>
    : V;
