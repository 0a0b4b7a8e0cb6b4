// Runs a TypeScript entry point in a plain `node` process with tsx's loader (`node --import tsx`).
// Not through the `tsx` CLI: that one is a parent process relaying signals, and when its child takes
// longer than ~60 ms to acknowledge a SIGTERM it kills the child and exits 143 — under load a clean
// stop would look like a crash.

export function nodeTs(script: string, args: readonly string[] = []): [command: string, args: string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}
