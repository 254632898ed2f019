"""The processes both throughput benchmarks run, as plain BPMN text (no Baton imports, so
the SpiffWorkflow side can load them in its own environment)."""

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" '
    'targetNamespace="http://bpmn.io/schema/bpmn">'
)


def bpmn(process: str) -> str:
    return _HEAD + process + "\n</bpmn:definitions>\n"


SERVICE = bpmn("""
  <bpmn:process id="service" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

PARALLEL = bpmn("""
  <bpmn:process id="parallel" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="ta" />
    <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="tb" />
    <bpmn:sequenceFlow id="c" sourceRef="fork" targetRef="tc" />
    <bpmn:task id="ta" />
    <bpmn:task id="tb" />
    <bpmn:task id="tc" />
    <bpmn:sequenceFlow id="a2" sourceRef="ta" targetRef="join" />
    <bpmn:sequenceFlow id="b2" sourceRef="tb" targetRef="join" />
    <bpmn:sequenceFlow id="c2" sourceRef="tc" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
