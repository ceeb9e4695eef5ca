import { useApp } from '../../../store';
import { defaultSystemPrompt } from '../../../core/strategies';
import { estimateTokens } from '../../../core/usage';
import { Field, inputClass } from '../../kit/Field';

/** Room an RLM needs beyond its system prompt: the question, a few iterations of code and REPL output. */
const WORKING_ROOM = 3000;

export function NCtxField({ loadedCtx }: { loadedCtx?: number }) {
  const nCtx = useApp((s) => s.settings.providers.inpage.nCtx);
  const strategy = useApp((s) => s.settings.engine.strategy);
  const own = useApp((s) => s.settings.engine.systemPrompt);
  const update = useApp((s) => s.updateSettings);
  const promptTokens = estimateTokens((own.trim() || defaultSystemPrompt(strategy)).length);
  const tooSmall = nCtx < promptTokens + WORKING_ROOM;
  return (
    <Field
      label="Context size (n_ctx, tokens)"
      hint={
        <>
          {tooSmall && (
            <span data-testid="inpage-nctx-warning" className="block text-amber-300">
              The RLM system prompt alone is about {promptTokens} tokens; with {nCtx} the conversation will not fit for long. Use at least{' '}
              {promptTokens + WORKING_ROOM}.
            </span>
          )}
          {loadedCtx !== undefined && loadedCtx !== nCtx && <span className="block">The loaded model uses {loadedCtx}; load it again to apply.</span>}
          More context costs memory (KV cache) and time per call.
        </>
      }
    >
      <input
        data-testid="inpage-nctx"
        type="number"
        min={512}
        step={512}
        className={inputClass}
        value={nCtx}
        onChange={(e) => {
          const n = Math.floor(Number(e.target.value));
          if (n >= 1) update((s) => ({ ...s, providers: { ...s.providers, inpage: { nCtx: n } } }));
        }}
      />
    </Field>
  );
}
