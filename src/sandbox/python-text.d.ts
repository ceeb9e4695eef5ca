/** The Python scaffold imported as text by deno-engine.ts (esbuild's text loader, see deno-bundle.ts). */
declare module '*.py' {
  const text: string;
  export default text;
}
