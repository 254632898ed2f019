"""Command processing: the writer, the processors per domain, the BPMN lifecycle."""
