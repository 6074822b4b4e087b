import { deployedOutputs, type DeployedResource } from './deployed-outputs';

const ENV = { region: 'eu-west-1', accountId: '123456789012' };
const template = {
  Resources: {
    WebServer1InstanceAB12: { Type: 'AWS::EC2::Instance' },
    WebServer2InstanceCD34: { Type: 'AWS::EC2::Instance' },
    LoadBalancerEF56: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
  },
  Outputs: {
    Url: { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['LoadBalancerEF56', 'DNSName'] }]] } },
    Id: { Value: { Ref: 'WebServer1InstanceAB12' } },
    Ip2: { Value: { 'Fn::GetAtt': 'WebServer2InstanceCD34.PublicIp' } },
    Session: { Value: { 'Fn::Sub': 'aws ssm start-session --region ${AWS::Region} --target ${WebServer2InstanceCD34} (${Name})' } },
    Named: { Value: { 'Fn::Sub': ['${Who} in ${AWS::AccountId}', { Who: { Ref: 'WebServer1InstanceAB12' } }] } },
    Second: { Value: { 'Fn::Select': [1, { 'Fn::Split': ['.', { 'Fn::GetAtt': ['LoadBalancerEF56', 'DNSName'] }] }] } },
    Literal: { Value: '0.01' },
  },
};
const resources: DeployedResource[] = [
  { type: 'AWS::EC2::Instance', idPrefix: 'WebServer1', ref: 'i-1' },
  { type: 'AWS::EC2::Instance', idPrefix: 'WebServer2', ref: 'i-2', attributes: { PublicIp: '198.51.100.2' } },
  { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', ref: 'arn:lb', attributes: { DNSName: 'lab.eu-west-1.elb.amazonaws.com' } },
];

describe('deployedOutputs', () => {
  it('resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and pseudo parameters against what the test deployed', () => {
    const { Session, ...resolvable } = template.Outputs;
    expect(Session).toBeTruthy(); // resolved in the next test, where it fails
    expect(deployedOutputs({ ...template, Outputs: resolvable }, resources, ENV)).toEqual({
      Url: 'http://lab.eu-west-1.elb.amazonaws.com',
      Id: 'i-1',
      Ip2: '198.51.100.2',
      Named: 'i-1 in 123456789012',
      Second: 'eu-west-1',
      Literal: '0.01',
    });
  });

  it('fails loudly, naming the output, on a Sub variable nobody deployed', () => {
    expect(() => deployedOutputs(template, resources, ENV)).toThrow('cannot resolve output Session: Ref Name: the test did not say what it deployed for Name');
  });

  it('fails loudly on an attribute the test did not give', () => {
    const only = { Resources: template.Resources, Outputs: { Ip: { Value: { 'Fn::GetAtt': ['WebServer1InstanceAB12', 'PublicIp'] } } } };
    expect(() => deployedOutputs(only, resources, ENV)).toThrow('cannot resolve output Ip: Fn::GetAtt WebServer1InstanceAB12.PublicIp: the test gave no PublicIp');
  });

  it('fails loudly on a resource of the template the test did not deploy', () => {
    expect(() => deployedOutputs(template, resources.slice(1), ENV)).toThrow(/cannot resolve output Id: Ref WebServer1InstanceAB12: .*AWS::EC2::Instance/);
  });

  it('refuses a resource description that matches several resources of the template', () => {
    expect(() => deployedOutputs(template, [{ type: 'AWS::EC2::Instance', ref: 'i-1' }], ENV)).toThrow(
      '2 resources of type AWS::EC2::Instance with a logical id starting "" (want exactly one): WebServer1InstanceAB12, WebServer2InstanceCD34',
    );
  });
});
