import { ALL_PARTS, buildParts, type BuildPart } from './lib/build-steps';

// `npm run build` builds everything; `npm run build -- renderer bridge` only those parts.
const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = asked.filter((part) => !ALL_PARTS.includes(part as BuildPart));
if (unknown.length > 0) {
  console.error(`Unknown build part(s): ${unknown.join(', ')}. Parts: ${ALL_PARTS.join(', ')}.`);
  process.exit(2);
}

await buildParts(asked.length > 0 ? (asked as BuildPart[]) : ALL_PARTS, (line) =>
  console.log(line),
);
