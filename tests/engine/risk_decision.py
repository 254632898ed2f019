"""A one-table risk decision and a process whose business rule task calls it, shared by the
engine's and the read model's tests."""

from __future__ import annotations

from engine.testing import bpmn

DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="risk" name="Risk"
    namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="risk_level" name="Risk level">
    <decisionTable id="table" hitPolicy="FIRST">
      <input id="in_amount" label="Amount">
        <inputExpression id="e1" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="out_level" name="level" typeRef="string" />
      <rule id="high"><inputEntry id="i1"><text>&gt; 1000</text></inputEntry>
        <outputEntry id="o1"><text>"high"</text></outputEntry></rule>
      <rule id="low"><inputEntry id="i2"><text>-</text></inputEntry>
        <outputEntry id="o2"><text>"low"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
"""

RULE = bpmn("""
  <bpmn:process id="rule" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide">
      <bpmn:extensionElements>
        <zeebe:calledDecision decisionId="risk_level" resultVariable="risk" />
      </bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="wait" />
    <bpmn:userTask id="wait" />
  </bpmn:process>""")
