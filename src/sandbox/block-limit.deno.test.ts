/** block-limit.test.ts again, on the Deno subprocess host (deno-host.ts) instead of the Node worker thread. */
process.env.RLM_TEST_SANDBOX = 'deno';
await import('./block-limit.test');
export {};
