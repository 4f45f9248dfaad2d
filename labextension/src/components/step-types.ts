/** A short glyph per step type, drawn in the node's badge (text, so every theme and font renders it). */
export const stepTypeGlyph: Record<string, string> = {
  Processing: 'PR',
  Training: 'TR',
  Tuning: 'HT',
  Transform: 'TF',
  Condition: '◇',
  RegisterModel: 'RM',
  Model: 'MD',
  CreateModel: 'CM',
  Lambda: 'λ',
  Callback: 'CB',
  ClarifyCheck: 'CL',
  QualityCheck: 'QC',
  EMR: 'EM',
  Fail: '✕',
  AutoML: 'AM',
  NotebookJob: 'NB',
};

export function glyphOf(stepType: string): string {
  return stepTypeGlyph[stepType] ?? stepType.slice(0, 2).toUpperCase();
}
