// Typed dependency-injection tokens: a token carries the type of what it resolves to, so the
// composition root and `@inject` sites agree at compile time. Each layer declares the tokens of the
// ports it defines, next to them; only src/runtime binds tokens to concrete classes.

declare const tokenType: unique symbol;

export type Token<T> = symbol & { readonly [tokenType]?: T };

export function createToken<T>(name: string): Token<T> {
  return Symbol(`scanwright:${name}`) as Token<T>;
}
