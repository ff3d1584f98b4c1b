/**
 * What the renderer's side of the bridge validates with: the contract's schemas and the parser.
 * One module, so the browser host's bridge worker can load it after its first calls are sent
 * (docs/design.md §7.5); the preload takes it at once.
 */
export { channels, events, ipcResultSchema } from './contract';
export { parseOrThrow } from '../errors';
