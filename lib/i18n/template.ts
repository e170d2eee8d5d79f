/**
 * Message templates: `{name}` placeholders known to the type checker, and plural forms chosen by
 * `Intl.PluralRules` of the message's own language on the count `{n}`.
 */
import type { Locale } from "./messages.ts";

/** Carries a message's placeholder names in its type only; never present at run time. */
declare const PARAMS: unique symbol;

/** `"{used} of {quota}"` → `"used" | "quota"`. */
export type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer Rest}`
  ? K | Placeholders<Rest>
  : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends
  (x: infer I) => void ? I : never;

/**
 * A text holding every placeholder in `P` (in any order): a translation that drops one does not
 * compile.
 */
export type Template<P extends string> = [P] extends [never] ? string
  : UnionToIntersection<P extends string ? `${string}{${P}}${string}` : never> & {
    readonly [PARAMS]?: P;
  };

export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & {
  readonly other: string;
};

/** A message that changes with the count `{n}`: "1 wijziging", "2 wijzigingen". */
export interface Plural<P extends string> {
  readonly locale: Locale;
  readonly forms: PluralForms;
  readonly [PARAMS]?: P;
}

export type Message = string | Plural<string>;

/** Plural forms in one language; `other` is the fallback for categories not given. */
export function plural<const F extends PluralForms>(
  locale: Locale,
  forms: F,
): Plural<"n" | Placeholders<F[keyof F] & string>> {
  return { locale, forms };
}

/** The catalogue's type from the Dutch original: every text a `Template` of its placeholders. */
export type MessageShape<T> = T extends Plural<infer P> ? Plural<P>
  : T extends string ? Template<Placeholders<T>>
  : { readonly [K in keyof T]: MessageShape<T[K]> };

type ParamsOf<M> = M extends { readonly [PARAMS]?: infer P extends string } ? P : never;

/** The values a message needs: exactly its placeholders; any for a text only known as `string`. */
export type Values<M> = string extends M ? Readonly<Record<string, string | number>>
  : Readonly<Record<ParamsOf<M>, string | number>>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

function formOf(message: Plural<string>, count: number): string {
  let rules = pluralRules.get(message.locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(message.locale);
    pluralRules.set(message.locale, rules);
  }
  return message.forms[rules.select(count)] ?? message.forms.other;
}

/** Fills `{name}` placeholders; a plural message first picks its form for `values.n`. */
export function fill<M extends Message>(message: M, values: Values<M>): string {
  const all = values as Readonly<Record<string, string | number>>;
  const template = typeof message === "string"
    ? message
    : formOf(message as Plural<string>, Number(all.n));
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(all[name] ?? `{${name}}`));
}
