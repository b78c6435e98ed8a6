/** amaro ships no types: the one function mixkit uses, as amaro 0.1 documents it. */
declare module "amaro" {
  export function transformSync(
    source: string,
    options: { readonly mode: "strip-only"; readonly filename?: string },
  ): { readonly code: string };
}
