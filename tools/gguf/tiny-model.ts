/**
 * A tiny, deterministic llama-architecture GGUF for tests and benchmarks: real llama.cpp loads and runs it.
 *
 * Every block is a pass-through (zero attention output and FFN down projection, unit norms), so the hidden state
 * at the last position is the last token's one-hot embedding and the next token depends only on the last one.
 * The output rows then make every token but one special token predict that token, and the special token predict
 * end-of-sequence (kind 'reply': whatever the prompt, the model answers with one whole RLM reply) or itself
 * (kind 'babble': the model talks until the context is full or it is stopped).
 */
import { writeGguf, type GgufTensor, type GgufValue } from './gguf-writer';

/** The RLM reply of the 'reply' model: sets the official answer dict from `context`. */
export const TINY_REPLY = [
  'Counting the lines of the context.',
  '```repl',
  'n = len(context.splitlines())',
  'answer["content"] = "The context has " + str(n) + " lines."',
  'answer["ready"] = True',
  '```',
].join('\n');

export const TINY_BABBLE = 'la ';

export type TinyKind = 'reply' | 'babble';

const N_EMBD = 64;
const N_HEAD = 2;
const N_FF = 64;
const N_LAYER = 1;
const N_CTX_TRAIN = 8192;
/** Large enough that softmax puts all but ~e^-80 of the mass on the chosen token, whatever the sampler. */
const LOGIT = 10;

const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

interface Vocab {
  tokens: string[];
  types: number[];
  eos: number;
  special: number;
}

/** SentencePiece vocabulary: <unk> <s> </s>, ChatML markers, the 256 byte tokens, then the one special token. */
function vocab(specialText: string): Vocab {
  const tokens = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types: number[] = [TOKEN_TYPE.unknown, TOKEN_TYPE.control, TOKEN_TYPE.control, TOKEN_TYPE.control, TOKEN_TYPE.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_TYPE.byte);
  }
  // SentencePiece writes spaces as U+2581; llama.cpp turns them back when it decodes.
  tokens.push(specialText.replaceAll(' ', '\u2581'));
  types.push(TOKEN_TYPE.normal);
  return { tokens, types, eos: 2, special: tokens.length - 1 };
}

function matrix(rows: number, cols: number, fill: (r: number, c: number) => number): Float32Array {
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m[r * cols + c] = fill(r, c);
  return m;
}

/** Feature 0 marks the special token, feature 1 every other token. */
function weights(v: Vocab, kind: TinyKind): GgufTensor[] {
  const n = v.tokens.length;
  const embd = matrix(n, N_EMBD, (t, c) => (c === (t === v.special ? 0 : 1) ? 1 : 0));
  const afterSpecial = kind === 'reply' ? v.eos : v.special;
  const output = matrix(n, N_EMBD, (t, c) => ((t === v.special && c === 1) || (t === afterSpecial && c === 0) ? LOGIT : 0));
  const ones = new Float32Array(N_EMBD).fill(1);
  const zeros = (r: number, c: number) => new Float32Array(r * c);
  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', dims: [N_EMBD, n], data: embd },
    { name: 'output_norm.weight', dims: [N_EMBD], data: ones },
    { name: 'output.weight', dims: [N_EMBD, n], data: output },
  ];
  for (let i = 0; i < N_LAYER; i++) {
    const blk = (name: string, dims: number[], data: Float32Array) => tensors.push({ name: `blk.${i}.${name}.weight`, dims, data });
    blk('attn_norm', [N_EMBD], ones);
    for (const p of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) blk(p, [N_EMBD, N_EMBD], zeros(N_EMBD, N_EMBD));
    blk('ffn_norm', [N_EMBD], ones);
    blk('ffn_gate', [N_EMBD, N_FF], zeros(N_FF, N_EMBD));
    blk('ffn_up', [N_EMBD, N_FF], zeros(N_FF, N_EMBD));
    blk('ffn_down', [N_FF, N_EMBD], zeros(N_EMBD, N_FF));
  }
  return tensors;
}

function metadata(v: Vocab, kind: TinyKind): Array<[string, GgufValue]> {
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: `rlm-tiny-${kind}` }],
    ['llama.context_length', { type: 'u32', value: N_CTX_TRAIN }],
    ['llama.embedding_length', { type: 'u32', value: N_EMBD }],
    ['llama.block_count', { type: 'u32', value: N_LAYER }],
    ['llama.feed_forward_length', { type: 'u32', value: N_FF }],
    ['llama.attention.head_count', { type: 'u32', value: N_HEAD }],
    ['llama.attention.head_count_kv', { type: 'u32', value: N_HEAD }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: N_EMBD / N_HEAD }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: v.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32[]', value: v.tokens.map(() => 0) }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: v.types }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: v.eos }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: 0 }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.chat_template', { type: 'string', value: CHATML }],
  ];
}

/** The GGUF bytes: same input, same bytes. */
export function tinyModel(kind: TinyKind = 'reply'): Uint8Array {
  const v = vocab(kind === 'reply' ? TINY_REPLY : TINY_BABBLE);
  return writeGguf(metadata(v, kind), weights(v, kind));
}
