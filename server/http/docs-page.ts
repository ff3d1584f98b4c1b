/**
 * The API reference page at /docs, rendered from the generated OpenAPI document: plain HTML and
 * inline CSS, no script and no CDN, so it works offline and under a strict CSP.
 */
type Json = Record<string, unknown>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function schemaBlock(label: string, schema: unknown): string {
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const responses = (op.responses ?? {}) as Record<string, Json>;
  const security = (op.security ?? []) as Json[];
  const auth = security.length === 0 ? 'none' : Object.keys(security[0] ?? {}).join(', ');
  const rows = params
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
    )
    .join('');
  const body = op.requestBody as Json | undefined;
  const bodySchema = (body?.content as Json | undefined)?.['application/json'];
  const responseBlocks = Object.entries(responses)
    .map(([status, r]) => {
      const content = (r.content ?? {}) as Record<string, Json>;
      return Object.entries(content)
        .map(([type, c]) => schemaBlock(`${status} ${type}`, c.schema))
        .join('');
    })
    .join('');
  return `<section id="${escapeHtml(String(op.operationId))}">
<h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))} <small>auth: ${escapeHtml(auth)}</small></p>
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${bodySchema ? schemaBlock('request body (application/json)', (bodySchema as Json).schema) : ''}
${responseBlocks}
</section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const sections = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => operationHtml(method, path, op)),
    )
    .join('\n');
  const toc = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<li><a href="#${escapeHtml(String(op.operationId))}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
      ),
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#16181c}pre,code{background:#23262d}}
h3{margin-bottom:.25rem}section{border-top:1px solid #8884;padding:.5rem 0}
pre{overflow:auto;padding:.75rem;background:#f4f4f6;border-radius:6px}code{background:#f4f4f6;padding:0 .2rem;border-radius:3px}
table{border-collapse:collapse}td,th{border:1px solid #8886;padding:.2rem .5rem;text-align:left}
.m{display:inline-block;min-width:4rem;font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555;text-align:center}
.m-get{background:#1f6feb}.m-post{background:#1a7f37}.m-put{background:#9a6700}.m-delete{background:#cf222e}
</style></head><body>
<h1>${escapeHtml(String(info.title))} <small>v${escapeHtml(String(info.version))}</small></h1>
<p>${escapeHtml(String(info.description ?? ''))} Errors are <code>application/problem+json</code> with a stable <code>code</code>.
The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
<nav aria-label="Operations"><ul>${toc}</ul></nav>
<main>${sections}</main>
</body></html>`;
}
