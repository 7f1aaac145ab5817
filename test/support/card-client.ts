/** Acts like the Teams client on an Adaptive Card: reads its inputs' current values and the data of an action. */
export interface CardAction {
  verb: string;
  data: Record<string, unknown>;
  title: string;
}

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  visit(node as Node);
  for (const v of Object.values(node)) walk(v, visit);
}

/** The values of every input on the card, as Teams would submit them (strings). */
export function inputValues(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      values[n.id] = n.value === undefined || n.value === null ? '' : String(n.value);
  });
  return values;
}

/** The Action.Execute actions on the card. */
export function actions(card: unknown): CardAction[] {
  const out: CardAction[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute')
      out.push({ verb: String(n.verb), data: (n.data as Record<string, unknown>) ?? {}, title: String(n.title ?? '') });
  });
  return out;
}

/** The `value` of the `adaptiveCard/action` invoke Teams sends when `action` is clicked with `inputs` filled in. */
export function invokeValue(action: CardAction, inputs: Record<string, string> = {}) {
  return {
    action: { type: 'Action.Execute', verb: action.verb, data: { ...inputs, ...action.data } },
    trigger: 'manual',
  };
}

/**
 * Answers every account on a prompt (its list card) as an account manager would: opens each return form through
 * `click` and saves it with the ball with both sides and one workshop on the 12th. Returns each save's answer.
 */
export async function answerEveryAccount(
  list: unknown,
  period: string,
  click: (action: CardAction, inputs?: Record<string, string>) => Promise<{ value?: unknown; type?: string }>,
): Promise<{ value?: unknown; type?: string }[]> {
  const saved = [];
  for (const open of actions(list).filter((a) => a.verb === 'return.open')) {
    const form = (await click({ ...open, data: { ...open.data, period } })).value;
    const save = actions(form).find((a) => a.verb === 'return.save')!;
    saved.push(
      await click(save, {
        ...inputValues(form),
        ballWith: 'joint',
        a0_title: 'Quarterly review held',
        a0_type: 'workshop',
        a0_date: `${period}-12`,
      }),
    );
  }
  return saved;
}
