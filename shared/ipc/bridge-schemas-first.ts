/**
 * What the browser host's bridge worker validates the first screen's answers with before the
 * rest of the contract is built: the first screen's channels (first-screen-contract.ts, which the
 * full contract reuses), the result envelope and the parser. Served as /bridge/bridge-schemas-first.js,
 * sharing its code with /bridge/bridge-schemas.js, so nothing is built twice (docs/design.md §7.5).
 */
export {
  firstScreenChannels as channels,
  firstScreenEvents as events,
  ipcResultSchema,
} from './first-screen-contract';
export { parseOrThrow } from '../errors';
