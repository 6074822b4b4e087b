import { DiagramUsageError, diagramsMarkdown, parseDiagramArgs } from '../../lib/diagram/cli';

const TEMPLATES = [
  { lab: 'LabA', template: { Resources: { G: { Type: 'AWS::IAM::Group' } } } },
  { lab: 'LabB', template: { Resources: { U: { Type: 'AWS::IAM::User' } } } },
];

describe('npm run diagram', () => {
  it('reads labs and -c settings', () => {
    expect(parseDiagramArgs(['LabB', '-c', 'sshCidr=203.0.113.10/32', 'LabA'])).toEqual({ labs: ['LabB', 'LabA'], context: { sshCidr: '203.0.113.10/32' } });
  });

  it.each([[['-c']], [['-c', 'novalue']], [['--json']], [['--help']]])('refuses %j with the usage', (argv) => {
    expect(() => parseDiagramArgs(argv)).toThrow(DiagramUsageError);
    expect(() => parseDiagramArgs(argv)).toThrow(/Usage: npm run diagram/);
  });

  it('prints every lab in the app order, each under its heading in a mermaid block', () => {
    expect(diagramsMarkdown(TEMPLATES, [])).toMatch(/^## LabA\n\n```mermaid\nflowchart LR\n[^]*\n```\n\n## LabB\n\n```mermaid\n[^]*IAM user[^]*```\n$/);
  });

  it('prints only the labs asked for', () => {
    const text = diagramsMarkdown(TEMPLATES, ['LabB']);
    expect(text).toContain('## LabB');
    expect(text).not.toContain('## LabA');
  });

  it('names the labs when asked for one that does not exist', () => {
    expect(() => diagramsMarkdown(TEMPLATES, ['LabC'])).toThrow('unknown lab LabC: the labs are LabA, LabB');
  });
});
