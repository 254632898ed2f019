"""Decisions over REST: a DMN deployment's metadata, a business rule task's evaluation in the
decision-instance search, and decision evaluation (501 until the engine has the command)."""

from __future__ import annotations

import json

from tests.gateway.rest.conftest import Rest, assert_problem
from tests.gateway.test_gateway_decisions import DMN, RULE


async def test_dmn_deployment_and_evaluations_in_the_read_model(rest: Rest) -> None:
    deployed = await rest.deploy("pricing.dmn", DMN)
    kinds = {kind: value for entry in deployed["deployments"] for kind, value in entry.items()}
    decision = kinds["decisionDefinition"]
    assert (decision["decisionDefinitionId"], decision["name"], decision["version"]) == (
        "price",
        "Price",
        1,
    )
    assert decision["decisionDefinitionKey"].isdigit()
    requirements = kinds["decisionRequirements"]
    assert (requirements["decisionRequirementsId"], requirements["resourceName"]) == (
        "pricing",
        "pricing.dmn",
    )
    assert decision["decisionRequirementsKey"] == requirements["decisionRequirementsKey"]

    await rest.deploy("quote.bpmn", RULE)
    created = await rest.create("quote", variables={"amount": 5000}, awaitCompletion=True)
    assert created["variables"]["price"] == {"level": "gold", "discount": 0.1}
    await rest.exported()
    found = await rest.client.post(
        "/v2/decision-instances/search", json={"filter": {"decisionDefinitionId": "price"}}
    )
    assert found.status_code == 200, found.text
    (instance,) = found.json()["items"]
    assert instance["state"] == "EVALUATED"
    assert instance["processInstanceKey"] == created["processInstanceKey"]
    assert json.loads(instance["result"]) == {"level": "gold", "discount": 0.1}

    evaluated = await rest.client.post(
        "/v2/decision-definitions/evaluation",
        json={"decisionDefinitionId": "price", "variables": {"amount": 5}},
    )
    if evaluated.status_code == 501:
        assert "DECISION_EVALUATION" in assert_problem(evaluated, 501, "UNIMPLEMENTED")
    else:
        assert evaluated.status_code == 200, evaluated.text
        assert json.loads(evaluated.json()["output"]) == {"level": "basic", "discount": 0}
