/**
 * What the renderer's side of the bridge validates with: the contract's schemas and the parser.
 * One module, so the browser host serves it apart from its bridge worker's script
 * (/bridge/bridge-schemas.js), which stays small and imports it as it starts (docs/design.md
 * §7.5); the preload takes it at once.
 */
export { channels, events, ipcResultSchema } from './contract';
export { parseOrThrow } from '../errors';
