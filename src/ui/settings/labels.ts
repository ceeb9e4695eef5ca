import type { ProviderKind } from '../../core/types';

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ollama: 'Ollama',
  openai: 'OpenAI / compatible',
  anthropic: 'Anthropic',
};
