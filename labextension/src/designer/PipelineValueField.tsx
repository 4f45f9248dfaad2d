/**
 * One field of a step's form that takes a pipeline value: a literal, a parameter, an execution variable, an
 * upstream step's property (picked from what that step offers), or any other expression (a Join) as JSON.
 */
import type { FieldProps } from '@rjsf/utils';
import * as React from 'react';
import { ExecutionVariableNames, isJsonObject, parseReference, referenceText, type Json, type StepDefinition } from 'sluice/definition';
import { offeredProperties } from './step-catalog';

/** What every value field may pick from, given to the form as its context. */
export interface ValueChoices {
  parameters: readonly string[];
  /** The steps other than the one being edited. */
  steps: readonly StepDefinition[];
}

type Mode = 'literal' | 'parameter' | 'execution' | 'property' | 'expression';

const modeLabels: Record<Mode, string> = {
  literal: 'Value',
  parameter: 'Parameter',
  execution: 'Execution variable',
  property: 'Step property',
  expression: 'Expression (JSON)',
};

function modeOf(value: unknown): Mode {
  const reference = referenceText(value);
  if (reference !== undefined) {
    const target = parseReference(reference);
    if (target.root === 'Parameters') return 'parameter';
    if (target.root === 'Execution') return 'execution';
    if (target.root === 'Steps') return 'property';
  }
  return isJsonObject(value) || Array.isArray(value) ? 'expression' : 'literal';
}

/** A number when the text is one and the field did not hold a string (InstanceCount takes 1, not "1"). */
function literalOf(text: string, previous: unknown): Json {
  return typeof previous !== 'string' && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

export function PipelineValueField(props: FieldProps): React.ReactElement {
  const choices = (props.formContext ?? { parameters: [], steps: [] }) as ValueChoices;
  const value = props.formData as unknown;
  const [mode, setMode] = React.useState<Mode>(() => modeOf(value));
  const reference = referenceText(value);
  const target = reference !== undefined ? parseReference(reference) : undefined;
  const [stepName, setStepName] = React.useState(target?.root === 'Steps' ? target.step : (choices.steps[0]?.Name ?? ''));
  const [expression, setExpression] = React.useState(() => (modeOf(value) === 'expression' ? JSON.stringify(value) : ''));
  const set = (next: unknown): void => props.onChange(next as never);
  const id = props.idSchema.$id;

  let input: React.ReactElement;
  switch (mode) {
    case 'literal':
      input = (
        <input
          id={id}
          className="jp-mod-styled sluice-ValueField-input"
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(event) => set(event.target.value === '' ? undefined : literalOf(event.target.value, value))}
        />
      );
      break;
    case 'parameter':
    case 'execution': {
      const options = mode === 'parameter' ? choices.parameters : ExecutionVariableNames;
      const root = mode === 'parameter' ? 'Parameters' : 'Execution';
      input = (
        <select
          id={id}
          className="jp-mod-styled"
          value={target?.root === root ? target.name : ''}
          onChange={(event) => set({ Get: `${root}.${event.target.value}` })}
        >
          <option value="">{mode === 'parameter' && options.length === 0 ? 'no parameters yet' : 'choose…'}</option>
          {options.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'property': {
      const step = choices.steps.find((candidate) => candidate.Name === stepName);
      const offered = step ? offeredProperties(step) : [];
      input = (
        <span className="sluice-ValueField-property">
          <select className="jp-mod-styled" aria-label="Step" value={stepName} onChange={(event) => setStepName(event.target.value)}>
            {choices.steps.map((candidate) => (
              <option key={candidate.Name} value={candidate.Name}>
                {candidate.Name}
              </option>
            ))}
          </select>
          <select id={id} className="jp-mod-styled" aria-label="Property" value={reference ?? ''} onChange={(event) => set({ Get: event.target.value })}>
            <option value="">choose…</option>
            {reference !== undefined && !offered.some((item) => item.path === reference) && <option value={reference}>{reference}</option>}
            {offered.map((item) => (
              <option key={item.path} value={item.path}>
                {item.label}
              </option>
            ))}
          </select>
        </span>
      );
      break;
    }
    case 'expression':
      input = (
        <textarea
          id={id}
          className="jp-mod-styled sluice-ValueField-input"
          value={expression}
          onChange={(event) => {
            setExpression(event.target.value);
            try {
              set(JSON.parse(event.target.value));
            } catch {
              // Half-typed JSON stays in the box until it parses.
            }
          }}
        />
      );
      break;
  }
  return (
    <div className="sluice-ValueField" data-field={id}>
      <label htmlFor={id}>{props.schema.title ?? props.name}</label>
      <span className="sluice-ValueField-row">
        <select
          className="jp-mod-styled sluice-ValueField-mode"
          aria-label={`${props.schema.title ?? props.name}: kind of value`}
          value={mode}
          onChange={(event) => setMode(event.target.value as Mode)}
        >
          {(Object.keys(modeLabels) as Mode[]).map((key) => (
            <option key={key} value={key}>
              {modeLabels[key]}
            </option>
          ))}
        </select>
        {input}
      </span>
    </div>
  );
}
