// @asyncapi/generator ships no type declarations; this is the part scripts/generate.ts uses.
declare module '@asyncapi/generator' {
  interface GeneratorOptions {
    forceWrite?: boolean;
    templateParams?: Record<string, string>;
  }
  export default class Generator {
    constructor(templateDir: string, targetDir: string, options?: GeneratorOptions);
    generateFromFile(asyncapiFile: string): Promise<void>;
  }
}
