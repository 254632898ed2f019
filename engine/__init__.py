"""The deterministic, event-sourced state machine that runs compiled BPMN models (issue 4)."""
