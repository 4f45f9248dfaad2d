/** Objects in the service's artifact store (what s3:// URIs name locally), read through SluiceLocal.GetArtifact. */
import type { ServiceClient } from '../api/operations';

export async function readArtifact(client: ServiceClient, uri: string): Promise<Uint8Array> {
  const { Body } = await client.call('SluiceLocal.GetArtifact', { S3Uri: uri });
  return Uint8Array.from(atob(Body), (character) => character.charCodeAt(0));
}

/** An artifact that holds JSON (a metrics report, a property file), parsed. */
export async function readJsonArtifact(client: ServiceClient, uri: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await readArtifact(client, uri)));
}
