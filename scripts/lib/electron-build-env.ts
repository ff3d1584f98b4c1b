/**
 * The environment for a build of a native module for Electron (its prebuilt binary, or node-gyp
 * against Electron's headers): the caller's, without npm's `nodedir`. `./shelf` exports it so that
 * node-gyp builds the Node.js copy against the headers of the Node.js in use, and node-gyp takes an
 * `npm_config_*` value from the environment over its own `--target` and `--dist-url`: an Electron
 * build under it would compile against Node.js's headers, without an error, and Electron would
 * refuse to load it.
 */
export function electronBuildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
  );
}
