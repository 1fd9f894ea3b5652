import { buildOpenApiDocument } from '@/lib/api/openapi';

type Operation = { summary?: string; tags?: string[]; security?: object[]; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

const METHOD_COLOURS: Record<string, string> = {
  get: 'bg-sky-500/15 text-sky-300',
  post: 'bg-emerald-500/15 text-emerald-300',
  patch: 'bg-amber-500/15 text-amber-300',
  put: 'bg-amber-500/15 text-amber-300',
  delete: 'bg-rose-500/15 text-rose-300',
};

export default function DocsPage() {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })));
  return (
    <main className="mx-auto max-w-5xl px-5 py-12">
      <h1 className="font-[family-name:var(--font-display)] text-4xl text-zinc-50">API reference</h1>
      <p className="mt-3 text-ink-300">
        {doc.info.description} Authenticate with <code className="text-glow-400">Authorization: Bearer cm_…</code>. Errors are always{' '}
        <code className="text-glow-400">{'{ "error": { "code", "message", "details" } }'}</code>. The machine-readable document is at{' '}
        <a className="text-glow-400 underline" href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {doc.openapi}).
      </p>
      <ul className="mt-10 space-y-4">
        {operations.map(({ path, method, op }) => (
          <li key={`${method} ${path}`} className="rounded-xl border border-ink-800 bg-ink-900 p-5">
            <div className="flex flex-wrap items-center gap-3">
              <span className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${METHOD_COLOURS[method] ?? ''}`}>{method}</span>
              <code className="text-zinc-100">{path}</code>
              {op.security?.length === 0 && <span className="text-xs text-ink-500">no credentials</span>}
            </div>
            <p className="mt-2 text-sm text-ink-300">{op.summary}</p>
            {op.parameters && op.parameters.length > 0 && (
              <p className="mt-2 text-xs text-ink-500">
                Parameters: {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`).join(', ')}
              </p>
            )}
            {op.requestBody && (
              <details className="mt-3 text-xs">
                <summary className="cursor-pointer text-ink-300">Request body</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-ink-950 p-3 text-ink-300">{JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2)}</pre>
              </details>
            )}
            <p className="mt-2 text-xs text-ink-500">Responses: {Object.keys(op.responses).join(', ')}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
