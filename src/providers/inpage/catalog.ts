/**
 * Small instruct models that run on a laptop CPU in the page, with what a user must know before fetching one:
 * size, where it comes from and under which licence. Sizes are the files' sizes as published (the download
 * itself reports the exact figure). All are GGUF files on Hugging Face, which serves them with CORS and Range.
 */
export interface CatalogModel {
  id: string;
  label: string;
  params: string;
  quant: string;
  /** Approximate file size in bytes. */
  bytes: number;
  url: string;
  /** Repository page, to read the model card first. */
  source: string;
  licence: string;
  licenceUrl: string;
  note: string;
}

const hf = (repo: string, file: string) => ({ url: `https://huggingface.co/${repo}/resolve/main/${file}`, source: `https://huggingface.co/${repo}` });
const APACHE = { licence: 'Apache 2.0', licenceUrl: 'https://www.apache.org/licenses/LICENSE-2.0' };
const MB = 1_000_000;

export const INPAGE_CATALOG: readonly CatalogModel[] = [
  {
    id: 'qwen2.5-0.5b-q4',
    label: 'Qwen2.5 0.5B Instruct',
    params: '0.5 B',
    quant: 'Q4_K_M',
    bytes: 398 * MB,
    ...hf('Qwen/Qwen2.5-0.5B-Instruct-GGUF', 'qwen2.5-0.5b-instruct-q4_k_m.gguf'),
    ...APACHE,
    note: 'Smallest and fastest; writes simple REPL code, often needs several iterations.',
  },
  {
    id: 'qwen3-0.6b-q8',
    label: 'Qwen3 0.6B',
    params: '0.6 B',
    quant: 'Q8_0',
    bytes: 639 * MB,
    ...hf('Qwen/Qwen3-0.6B-GGUF', 'Qwen3-0.6B-Q8_0.gguf'),
    ...APACHE,
    note: 'Thinks before answering (shown collapsed); slower per answer than Qwen2.5 0.5B.',
  },
  {
    id: 'gemma3-1b-q4',
    label: 'Gemma 3 1B it',
    params: '1 B',
    quant: 'Q4_K_M',
    bytes: 806 * MB,
    ...hf('unsloth/gemma-3-1b-it-GGUF', 'gemma-3-1b-it-Q4_K_M.gguf'),
    licence: 'Gemma Terms of Use',
    licenceUrl: 'https://ai.google.dev/gemma/terms',
    note: "Google's 1 B model; good instruction following for its size.",
  },
  {
    id: 'llama3.2-1b-q4',
    label: 'Llama 3.2 1B Instruct',
    params: '1.2 B',
    quant: 'Q4_K_M',
    bytes: 808 * MB,
    ...hf('bartowski/Llama-3.2-1B-Instruct-GGUF', 'Llama-3.2-1B-Instruct-Q4_K_M.gguf'),
    licence: 'Llama 3.2 Community License',
    licenceUrl: 'https://www.llama.com/llama3_2/license/',
    note: "Meta's 1 B model; by accepting the download you accept its licence.",
  },
  {
    id: 'qwen2.5-1.5b-q4',
    label: 'Qwen2.5 1.5B Instruct',
    params: '1.5 B',
    quant: 'Q4_K_M',
    bytes: 1_120 * MB,
    ...hf('Qwen/Qwen2.5-1.5B-Instruct-GGUF', 'qwen2.5-1.5b-instruct-q4_k_m.gguf'),
    ...APACHE,
    note: 'Best code of the list at Q4; about 3× slower than the 0.5 B.',
  },
  {
    id: 'qwen3-1.7b-q8',
    label: 'Qwen3 1.7B',
    params: '1.7 B',
    quant: 'Q8_0',
    bytes: 1_830 * MB,
    ...hf('Qwen/Qwen3-1.7B-GGUF', 'Qwen3-1.7B-Q8_0.gguf'),
    ...APACHE,
    note: 'The largest here: needs about 2.5 GB of memory with the default context.',
  },
];
