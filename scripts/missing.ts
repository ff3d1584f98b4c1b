// Stands in for an npm script whose part is not built yet: it fails loudly (exit 1) and says
// what is missing, instead of crashing on a missing file or, worse, passing.
const [script = 'this script', missing = 'its implementation'] = process.argv.slice(2);
console.error(`${script}: not built yet — ${missing}`);
process.exit(1);
