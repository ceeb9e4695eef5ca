import type { Command } from "commander"; export function registerServe(_p: Command, _d: (c: number) => void): void {}
