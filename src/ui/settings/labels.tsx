import type { ProviderKind } from '../../core/types';

const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ollama: 'Ollama',
  openai: 'OpenAI / compatible',
  anthropic: 'Anthropic',
  inpage: 'In this browser',
};

/** The <option>s of a provider <select>; `mark` gets `markText` appended (e.g. which one the root uses). */
export function ProviderOptions({ mark, markText = '' }: { mark?: ProviderKind; markText?: string }) {
  return (Object.keys(PROVIDER_LABELS) as ProviderKind[]).map((k) => (
    <option key={k} value={k}>
      {PROVIDER_LABELS[k]}
      {k === mark ? markText : ''}
    </option>
  ));
}
