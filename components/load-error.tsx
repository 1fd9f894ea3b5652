/** A list that could not load: the reason and a way to try again. */
export function LoadError({ message, onRetry, buttonClassName }: { message: string; onRetry: () => void; buttonClassName: string }) {
  return (
    <div role="alert" className="rounded-xl border border-intimate/40 bg-intimate/10 p-4 text-sm text-intimate">
      <p>{message}</p>
      <button type="button" onClick={onRetry} className={`mt-3 ${buttonClassName}`}>
        Try again
      </button>
    </div>
  );
}
