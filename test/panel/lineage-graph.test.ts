/** @jest-environment jsdom */
import './jsdom-globals.js';
import { lineageGraph, type LineageEntity } from '../../labextension/src/model/lineage-graph.js';
import { digestOf } from '../../labextension/src/model/lineage-model.js';

// A version's ancestry as QueryLineage answers it: raw data and code into a processing job, its output and the
// training code into a training job, the model it produced into the version.
const entity = (arn: string, type: string, label: string, lineageType = 'Artifact'): LineageEntity => ({ arn, type, label, lineageType });
const entities = [
  entity('raw', 'DataSet', 'abalone.csv'),
  entity('prep-code', 'Code', 'preprocess.mjs'),
  entity('prep', 'ProcessingJob', 'pipelines-abc-PreprocessAbaloneData-1a2b', 'TrialComponent'),
  entity('train-data', 'DataSet', 'train'),
  entity('train-code', 'Code', 'train.mjs'),
  entity('train', 'TrainingJob', 'pipelines-abc-TrainAbaloneModel-3c4d', 'TrialComponent'),
  entity('model', 'Model', 'model.tar.gz'),
  entity('version', 'ModelPackage', 'abalonepackagegroup v1'),
];
const associations = [
  { source: 'raw', target: 'prep', associationType: 'ContributedTo' },
  { source: 'prep-code', target: 'prep', associationType: 'ContributedTo' },
  { source: 'prep', target: 'train-data', associationType: 'Produced' },
  { source: 'train-data', target: 'train', associationType: 'ContributedTo' },
  { source: 'train-code', target: 'train', associationType: 'ContributedTo' },
  { source: 'train', target: 'model', associationType: 'Produced' },
  { source: 'model', target: 'version', associationType: 'ContributedTo' },
];

describe('a lineage as a picture', () => {
  it('puts every source left of what it went into, from the raw data to the version', () => {
    const graph = lineageGraph(entities, associations);
    const x = (arn: string): number => graph.nodes.find((node) => node.arn === arn)!.position.x;
    for (const { source, target } of associations) expect(x(source)).toBeLessThan(x(target));
    expect(graph.edges.map((edge) => edge.associationType)).toEqual(associations.map((a) => a.associationType));
    expect(graph.edges.every((edge) => edge.points.length >= 2)).toBe(true);
  });

  it('leaves out associations to entities the answer does not hold', () => {
    const graph = lineageGraph(entities.slice(0, 3), associations);
    expect(graph.edges.map((edge) => `${edge.source}->${edge.target}`)).toEqual(['raw->prep', 'prep-code->prep']);
  });

  it("shows a code artifact's digest short, and nothing for other artifacts", () => {
    expect(digestOf([{ SourceIdType: 'Custom', Value: `sha256:${'0123456789abcdef'.repeat(4)}` }])).toBe('sha256 0123456789ab');
    expect(digestOf(undefined)).toBeUndefined();
    expect(digestOf([{ SourceIdType: 'S3ETag', Value: 'abc' }])).toBeUndefined();
  });
});
