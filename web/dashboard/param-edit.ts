/** Editing a running strategy's parameters: its config in the wizard, sent as a PATCH (symbol, timeframe, capital and id locked). */
import { api } from './api.ts';
import { state } from './state.ts';
import { showWizard } from './wizard-dialog.ts';

export function openParamEdit(id: string): Promise<void> {
  return showWizard({
    mode: 'edit',
    id,
    title: `Edit ${id}`,
    submitLabel: 'Apply changes',
    templates: false,
    config: () => JSON.parse(JSON.stringify(state.strategies.get(id)?.config ?? {})),
    send: (text) => api<{ id: string }>('PATCH', `/strategies/${encodeURIComponent(id)}/config`, text),
    done: (r) => `updated ${r}`,
  });
}
