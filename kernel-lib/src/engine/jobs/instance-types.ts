/**
 * The memory of SageMaker's ml.* instance types. Within a family memory grows with the size's multiple of
 * `xlarge` (medium a quarter, large a half, 12xlarge twelve), so a family's GiB per xlarge gives every size;
 * the few sizes that break the rule are listed as they are.
 */
const gibPerXlarge: Readonly<Record<string, number>> = {
  t2: 16,
  t3: 16,
  m4: 16,
  m5: 16,
  m5d: 16,
  m6i: 16,
  m6g: 16,
  m7i: 16,
  c4: 7.5,
  c5: 8,
  c5d: 8,
  c5n: 10.5,
  c6i: 8,
  c7i: 8,
  r5: 32,
  r5d: 32,
  r6i: 32,
  r7i: 32,
  g4dn: 16,
  g5: 16,
  g6: 16,
  p3: 30.5,
};

const exceptions: Readonly<Record<string, number>> = {
  'ml.p2.xlarge': 61,
  'ml.p2.8xlarge': 488,
  'ml.p2.16xlarge': 732,
  'ml.p3dn.24xlarge': 768,
  'ml.p4d.24xlarge': 1152,
  'ml.p4de.24xlarge': 1152,
  'ml.p5.48xlarge': 2048,
};

const GIB = 1024 ** 3;

/** The instance type's memory in bytes, or undefined for a type this table does not know. */
export function instanceMemoryBytes(instanceType: string): number | undefined {
  const listed = exceptions[instanceType];
  if (listed !== undefined) return listed * GIB;
  const match = /^ml\.([a-z0-9]+)\.(medium|large|(\d*)xlarge)$/.exec(instanceType);
  if (match === null) return undefined;
  const perXlarge = gibPerXlarge[match[1] ?? ''];
  if (perXlarge === undefined) return undefined;
  const multiple = match[2] === 'medium' ? 0.25 : match[2] === 'large' ? 0.5 : Number(match[3] || '1');
  return perXlarge * multiple * GIB;
}
