/** A deployed endpoint, as a program calls it: rows in, predictions out, through SageMaker Runtime's InvokeEndpoint. */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { Session } from './session.js';

/** The options of {@link Predictor.invoke}: InvokeEndpoint's request headers. */
export interface InvokeOptions {
  /** Default text/csv. */
  readonly contentType?: string;
  /** Default: the content type. */
  readonly accept?: string;
  /** Send to this variant instead of splitting by weight. */
  readonly targetVariant?: string;
}

/** An InvokeEndpoint answer: the body, its content type and the production variant that answered. */
export interface Invocation {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly invokedVariant: string | undefined;
  /** The body decoded as UTF-8. */
  text(): string;
}

/** How {@link Predictor.predict} sends rows: CSV lines, or JSON `{"instances": rows}`. */
export type PredictFormat = 'csv' | 'json';

/**
 * A real-time endpoint to send requests to (InvokeEndpoint), as the Python SDK's `Predictor`: `model.deploy()` and
 * `modelPackage.deploy()` return one, or make it from an endpoint's name.
 *
 * @example
 * ```ts
 * const predictor = new Predictor('abalone-staging');
 * await predictor.predict([[0.455, 0.365, 0.095, 0.514]]);       // one number per row
 * (await predictor.invoke('0.455,0.365,0.095,0.514\n')).text();   // the body as the model answered it
 * ```
 */
export class Predictor {
  constructor(
    readonly endpointName: string,
    readonly session: Session = Session.default,
  ) {}

  /** One InvokeEndpoint call with the body as given. */
  async invoke(body: string | Uint8Array, options: InvokeOptions = {}): Promise<Invocation> {
    const contentType = options.contentType ?? 'text/csv';
    const runtime = await this.session.runtime();
    const answer = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: this.endpointName,
        Body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
        ContentType: contentType,
        Accept: options.accept ?? contentType,
        TargetVariant: options.targetVariant,
      }),
    );
    const bytes = answer.Body ?? new Uint8Array();
    return { body: bytes, contentType: answer.ContentType, invokedVariant: answer.InvokedProductionVariant, text: () => new TextDecoder().decode(bytes) };
  }

  /**
   * One prediction per row. Rows go as CSV lines (or, with format "json", as {"instances": rows}); the
   * model must answer one number a row (CSV lines, or {"predictions": [...]}).
   */
  async predict(rows: readonly (readonly number[])[], options: { format?: PredictFormat; targetVariant?: string } = {}): Promise<number[]> {
    if (rows.length === 0) return [];
    const json = options.format === 'json';
    const answer = json
      ? await this.invoke(JSON.stringify({ instances: rows }), { contentType: 'application/json', targetVariant: options.targetVariant })
      : await this.invoke(`${rows.map((row) => row.join(',')).join('\n')}\n`, { contentType: 'text/csv', targetVariant: options.targetVariant });
    const predictions = json ? jsonPredictions(answer.text()) : csvPredictions(answer.text());
    if (predictions.length !== rows.length) {
      throw new Error(`Endpoint ${this.endpointName} answered ${predictions.length} predictions for ${rows.length} rows`);
    }
    return predictions;
  }

  /** DescribeEndpoint: its status, configuration and variants. */
  describe(): Promise<DescribeEndpointCommandOutput> {
    return this.session.client().then((client) => client.send(new DescribeEndpointCommand({ EndpointName: this.endpointName })));
  }

  /** Deletes the endpoint, and with `all` also its configuration and the models it names. */
  async delete(options: { all?: boolean } = {}): Promise<void> {
    const client = await this.session.client();
    const described = await this.describe();
    await client.send(new DeleteEndpointCommand({ EndpointName: this.endpointName }));
    if (!options.all || described.EndpointConfigName === undefined) return;
    // An endpoint is deleted in the background: the configuration and models go once it is gone, or after 10 s
    // (SageMaker lets them go while it is Deleting).
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await client.send(new DescribeEndpointCommand({ EndpointName: this.endpointName }));
      } catch (error) {
        if (/Could not find endpoint/.test((error as Error).message)) break;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: described.EndpointConfigName }));
    await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: described.EndpointConfigName }));
    for (const variant of config.ProductionVariants ?? []) {
      if (variant.ModelName !== undefined) await client.send(new DeleteModelCommand({ ModelName: variant.ModelName }));
    }
  }
}

function csvPredictions(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      if (line.includes(',')) throw new Error(`The model answered several values in row ${index + 1} ("${line.slice(0, 80)}"); use invoke() for such answers`);
      const value = Number(line);
      if (!Number.isFinite(value)) throw new Error(`The model answered "${line.slice(0, 80)}" for row ${index + 1}, not a number`);
      return value;
    });
}

function jsonPredictions(text: string): number[] {
  const parsed = JSON.parse(text) as unknown;
  const list = Array.isArray(parsed) ? parsed : (parsed as { predictions?: unknown }).predictions;
  if (!Array.isArray(list) || list.some((value) => typeof value !== 'number'))
    throw new Error(`The model's JSON answer is not a list of numbers (or {"predictions": [...]}): ${text.slice(0, 120)}`);
  return list as number[];
}
