/** @jest-environment jsdom */
import './jsdom-globals.js';
import { readFileSync } from 'node:fs';
import { definitionToGraph, untakenBranches, type GraphNode } from '../../labextension/src/model/graph.js';
import { selectionProblem } from '../../labextension/src/model/selection.js';

// The SDK's abalone definition, saved (the SDK bundles with esbuild, which jsdom breaks); fixture.test.ts keeps it current.
const abalone = readFileSync(new URL('./fixtures/abalone-definition.json', import.meta.url), 'utf8');

function overlaps(a: GraphNode, b: GraphNode): boolean {
  return (
    a.position.x < b.position.x + b.width &&
    b.position.x < a.position.x + a.width &&
    a.position.y < b.position.y + b.height &&
    b.position.y < a.position.y + a.height
  );
}

describe('a definition as a graph', () => {
  it('has a node for every step of the abalone pipeline, including the one inside the condition, with its type', () => {
    const graph = definitionToGraph(abalone);
    expect(graph.nodes.map((node) => [node.id, node.stepType])).toEqual([
      ['PreprocessAbaloneData', 'Processing'],
      ['TrainAbaloneModel', 'Training'],
      ['EvaluateAbaloneModel', 'Processing'],
      ['CheckMSEAbaloneEvaluation', 'Condition'],
      ['RegisterAbaloneModel-RegisterModel', 'RegisterModel'],
    ]);
    expect(graph.nodes[4].branchOf).toEqual({ condition: 'CheckMSEAbaloneEvaluation', outcome: 'true' });
  });

  it('draws data edges from property references, and the condition branch as a labelled true edge', () => {
    const edges = definitionToGraph(abalone).edges.map((edge) => `${edge.source} -> ${edge.target} (${edge.kind})`);
    expect(edges.sort()).toEqual(
      [
        'PreprocessAbaloneData -> TrainAbaloneModel (data)',
        'PreprocessAbaloneData -> EvaluateAbaloneModel (data)',
        'TrainAbaloneModel -> EvaluateAbaloneModel (data)',
        'EvaluateAbaloneModel -> CheckMSEAbaloneEvaluation (data)',
        'CheckMSEAbaloneEvaluation -> RegisterAbaloneModel-RegisterModel (true)',
        'TrainAbaloneModel -> RegisterAbaloneModel-RegisterModel (data)',
        'EvaluateAbaloneModel -> RegisterAbaloneModel-RegisterModel (data)',
      ].sort(),
    );
  });

  it('lays the abalone pipeline out left to right with no two nodes overlapping', () => {
    const { nodes } = definitionToGraph(abalone);
    for (const [index, node] of nodes.entries()) {
      for (const other of nodes.slice(index + 1)) expect(overlaps(node, other)).toBe(false);
    }
    const x = (name: string): number => nodes.find((node) => node.id === name)!.position.x;
    expect(x('PreprocessAbaloneData')).toBeLessThan(x('TrainAbaloneModel'));
    expect(x('TrainAbaloneModel')).toBeLessThan(x('EvaluateAbaloneModel'));
    expect(x('CheckMSEAbaloneEvaluation')).toBeLessThan(x('RegisterAbaloneModel-RegisterModel'));
  });

  it('draws DependsOn dashed, else branches as false edges, and one edge per pair of steps', () => {
    const definition = JSON.stringify({
      Version: '2020-12-01',
      Steps: [
        { Name: 'A', Type: 'Lambda', Arguments: {} },
        { Name: 'B', Type: 'Lambda', Arguments: {}, DependsOn: ['A'] },
        // A reference and a DependsOn on the same step: one edge, the data one.
        { Name: 'C', Type: 'Lambda', Arguments: { x: { Get: 'Steps.B.OutputParameters["ok"]' } }, DependsOn: ['B'] },
        {
          Name: 'Check',
          Type: 'Condition',
          Arguments: {
            Conditions: [{ Type: 'Equals', LeftValue: { Get: 'Steps.C.OutputParameters["ok"]' }, RightValue: 'yes' }],
            IfSteps: [{ Name: 'Yes', Type: 'Lambda', Arguments: {} }],
            ElseSteps: [{ Name: 'No', Type: 'Fail', Arguments: { ErrorMessage: { Get: 'Steps.A.OutputParameters["ok"]' } } }],
          },
        },
      ],
    });
    const edges = definitionToGraph(definition).edges.map((edge) => `${edge.source}->${edge.target}:${edge.kind}`);
    expect(edges).toEqual(['A->B:dependsOn', 'B->C:data', 'C->Check:data', 'Check->Yes:true', 'Check->No:false', 'A->No:data']);
  });

  it('sizes each node to its name: a long name wraps between its words into lines that together spell it, a short one keeps one line', () => {
    const { nodes } = definitionToGraph(abalone);
    const register = nodes.find((node) => node.id === 'RegisterAbaloneModel-RegisterModel')!;
    expect(register.nameLines).toEqual(['RegisterAbalone', 'Model-Register', 'Model']);
    expect(nodes.find((node) => node.id === 'CheckMSEAbaloneEvaluation')!.nameLines).toEqual(['CheckMSEAbalone', 'Evaluation']);
    for (const node of nodes) expect(node.nameLines.join('')).toBe(node.id);
    expect(register.height).toBeGreaterThan(nodes.find((node) => node.id === 'TrainAbaloneModel')!.height);

    const short = definitionToGraph(JSON.stringify({ Version: '2020-12-01', Steps: [{ Name: 'Train', Type: 'Training', Arguments: {} }] })).nodes[0];
    expect(short.nameLines).toEqual(['Train']);
    expect(short.height).toBeLessThan(register.height);
  });

  it("routes every edge from its source's right side to its target's left side", () => {
    const { nodes, edges } = definitionToGraph(abalone);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    for (const edge of edges) {
      const source = byId.get(edge.source)!;
      const target = byId.get(edge.target)!;
      expect(edge.points[0].x).toBe(source.position.x + source.width);
      expect(edge.points.at(-1)!.x).toBe(target.position.x);
      expect(edge.points.at(-1)!.y).toBeGreaterThan(target.position.y);
      expect(edge.points.at(-1)!.y).toBeLessThan(target.position.y + target.height);
    }
  });

  it('greys the branch a condition did not take, and the steps on it that did not run, not the one it took', () => {
    const definition = JSON.stringify({
      Version: '2020-12-01',
      Steps: [
        { Name: 'Measure', Type: 'Lambda', Arguments: {} },
        {
          Name: 'Check',
          Type: 'Condition',
          Arguments: {
            Conditions: [{ Type: 'Equals', LeftValue: { Get: 'Steps.Measure.OutputParameters["ok"]' }, RightValue: 'yes' }],
            IfSteps: [{ Name: 'Ship', Type: 'Lambda', Arguments: { x: { Get: 'Steps.Measure.OutputParameters["ok"]' } } }],
            ElseSteps: [{ Name: 'Stop', Type: 'Fail', Arguments: {} }],
          },
        },
      ],
    });
    const graph = definitionToGraph(definition);
    const ran = new Set(['Measure', 'Check', 'Ship']);
    expect(
      untakenBranches(
        graph,
        () => 'true',
        (name) => ran.has(name),
      ),
    ).toEqual({ steps: new Set(['Stop']), edges: new Set(['Check->Stop:false']) });
    const otherWay = untakenBranches(
      graph,
      () => 'false',
      (name) => name !== 'Ship',
    );
    expect(otherWay).toEqual({ steps: new Set(['Ship']), edges: new Set(['Check->Ship:true', 'Measure->Ship:data']) });
    // Before the condition has an outcome nothing is greyed.
    expect(
      untakenBranches(
        graph,
        () => undefined,
        () => false,
      ),
    ).toEqual({ steps: new Set(), edges: new Set() });
  });

  it('ignores references to steps that do not exist rather than drawing dangling edges', () => {
    const definition = JSON.stringify({
      Version: '2020-12-01',
      Steps: [{ Name: 'A', Type: 'Lambda', Arguments: { x: { Get: 'Steps.Ghost.Properties' } }, DependsOn: ['Nobody'] }],
    });
    expect(definitionToGraph(definition)).toMatchObject({ nodes: [{ id: 'A' }], edges: [] });
  });
});

describe('Run selected, checked before sending', () => {
  const graph = definitionToGraph(abalone);

  it('accepts a connected selection, a single step, and the whole pipeline', () => {
    expect(selectionProblem(graph, ['TrainAbaloneModel', 'EvaluateAbaloneModel'])).toBeUndefined();
    expect(selectionProblem(graph, ['RegisterAbaloneModel-RegisterModel'])).toBeUndefined();
    expect(
      selectionProblem(
        graph,
        graph.nodes.map((node) => node.id),
      ),
    ).toBeUndefined();
  });

  it('refuses a selection with an unselected step between two selected ones, naming all three', () => {
    expect(selectionProblem(graph, ['PreprocessAbaloneData', 'EvaluateAbaloneModel'])).toBe(
      'The selected steps are not connected: “TrainAbaloneModel” lies between “PreprocessAbaloneData” and “EvaluateAbaloneModel”. Select it too, or fewer steps.',
    );
    expect(selectionProblem(graph, [])).toBe('Shift-click the steps to run.');
  });

  it("keeps a processing step's property files, so the Output tab can show them", () => {
    expect(graph.nodes.find((node) => node.id === 'EvaluateAbaloneModel')?.propertyFiles).toEqual([
      { name: 'AbaloneEvaluationReport', outputName: 'evaluation', filePath: 'evaluation.json' },
    ]);
    expect(graph.nodes.find((node) => node.id === 'TrainAbaloneModel')?.propertyFiles).toBeUndefined();
  });
});
