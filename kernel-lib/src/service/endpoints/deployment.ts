/** What an endpoint serves, as the store keeps it: each variant with a snapshot of its model's container. */
import type { JsonObject } from '../../engine/index.js';

export interface DeployedVariant {
  VariantName: string;
  ModelName: string;
  /** The model's container when the endpoint was created or updated. */
  Container: JsonObject;
  InstanceType?: string;
  InitialInstanceCount: number;
  InitialVariantWeight: number;
  /** Epoch seconds. */
  ResolutionTime: number;
}

/** A deployment on its way in: CreateEndpoint's first, or UpdateEndpoint's next. */
export interface PendingDeployment {
  EndpointConfigName: string;
  Variants: DeployedVariant[];
  /** Epoch seconds. */
  StartTime: number;
}

export const parseDeployed = (text: string | null): DeployedVariant[] | undefined => (text === null ? undefined : (JSON.parse(text) as DeployedVariant[]));
export const parsePending = (text: string | null): PendingDeployment | undefined => (text === null ? undefined : (JSON.parse(text) as PendingDeployment));
