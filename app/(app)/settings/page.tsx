import { ApiKeysPanel } from '@/components/api-keys-panel';
import { WebhooksPanel } from '@/components/webhooks/webhooks-panel';

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
      <section aria-labelledby="webhooks" className="mt-14">
        <h2 id="webhooks" className="text-lg text-zinc-100">Webhooks</h2>
        <p className="mt-1 text-sm text-ink-300">
          Endpoints receive job, production and asset events as signed POSTs (<a href="https://www.standardwebhooks.com/" className="text-glow-400 underline">Standard Webhooks</a>): verify{' '}
          <code className="text-glow-400">webhook-signature</code> with the endpoint&apos;s secret. Failed deliveries are retried for about a day; a 410 answer disables the endpoint.
        </p>
        <WebhooksPanel />
      </section>
    </main>
  );
}
