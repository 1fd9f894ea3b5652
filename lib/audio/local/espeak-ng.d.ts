// npm `espeak-ng` ships an Emscripten ES module without types; only what lib/audio/local/espeak.ts uses.
declare module 'espeak-ng' {
  interface ESpeakNgInstance {
    FS: {
      readFile(path: string): Uint8Array;
      writeFile(path: string, data: string | Uint8Array): void;
    };
  }
  interface ESpeakNgOptions {
    arguments?: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    quit?: (status: number, toThrow: unknown) => void;
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => unknown,
    ) => Record<string, never>;
    locateFile?: (path: string, scriptDirectory: string) => string;
  }
  const ESpeakNg: (options?: ESpeakNgOptions) => Promise<ESpeakNgInstance>;
  export default ESpeakNg;
}
