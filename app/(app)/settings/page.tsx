import { ApiKeysPanel } from '@/components/api-keys-panel';

export default function SettingsPage() {
  return (
    <main className="mx-auto max-w-4xl px-5 py-12">
      <h1 className="font-[family-name:var(--font-display)] text-4xl text-zinc-50">Settings</h1>
      <section aria-labelledby="api-keys" className="mt-10">
        <h2 id="api-keys" className="text-lg text-zinc-100">API keys</h2>
        <p className="mt-1 text-sm text-ink-300">
          Integrations call the API with <code className="text-glow-400">Authorization: Bearer cm_…</code>. A key is shown once, when you create it.
          The same works from a terminal: <code className="text-glow-400">npm run apikey -- create &lt;name&gt;</code>.
        </p>
        <ApiKeysPanel />
      </section>
    </main>
  );
}
