"""Reading a ``bpmn:definitions`` document: root elements, processes and collaborations."""

from __future__ import annotations

from types import MappingProxyType

from lxml import etree

from ._errors import Problem
from ._events import RootElements
from ._ids import Ids, local_ref, xml_true
from ._names import BPMN, BPMN_NS, line_of, local_name
from ._process import ProcessReader
from ._zeebe import read_extensions
from .model import (
    Collaboration,
    Definitions,
    Error,
    Escalation,
    Expression,
    Message,
    MessageFlow,
    Participant,
    Process,
    Signal,
)

_EXTENSIONS = BPMN + "extensionElements"


def _expr(el: etree._Element, owner: str, attribute: str) -> Expression | None:
    text = el.get(attribute)
    if text is None:
        return None
    return Expression(text=text, element_id=owner, attribute=attribute, line=line_of(el))


class _DocumentReader:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.ids = Ids(problems)

    def register(self, el: etree._Element) -> str | None:
        return self.ids.register(el)

    def roots(self, root: etree._Element) -> RootElements:
        messages: dict[str, Message] = {}
        signals: dict[str, Signal] = {}
        errors: dict[str, Error] = {}
        escalations: dict[str, Escalation] = {}
        for el in root:
            tag = el.tag
            if tag == BPMN + "message":
                element_id = self.register(el)
                if element_id is None:
                    continue
                key = None
                extensions = el.find(_EXTENSIONS)
                if extensions is not None:
                    key = read_extensions(extensions, element_id, self.problems).correlation_key
                messages[element_id] = Message(
                    id=element_id,
                    name=_expr(el, element_id, "name"),
                    correlation_key=key,
                    line=line_of(el),
                )
            elif tag == BPMN + "signal":
                element_id = self.register(el)
                if element_id is not None:
                    signals[element_id] = Signal(
                        id=element_id, name=_expr(el, element_id, "name"), line=line_of(el)
                    )
            elif tag == BPMN + "error":
                element_id = self.register(el)
                if element_id is not None:
                    errors[element_id] = Error(
                        id=element_id,
                        name=el.get("name"),
                        error_code=_expr(el, element_id, "errorCode"),
                        line=line_of(el),
                    )
            elif tag == BPMN + "escalation":
                element_id = self.register(el)
                if element_id is not None:
                    escalations[element_id] = Escalation(
                        id=element_id,
                        name=el.get("name"),
                        escalation_code=_expr(el, element_id, "escalationCode"),
                        line=line_of(el),
                    )
        return RootElements(
            messages=MappingProxyType(messages),
            signals=MappingProxyType(signals),
            errors=MappingProxyType(errors),
            escalations=MappingProxyType(escalations),
        )

    def collaboration(self, el: etree._Element, collaboration_id: str) -> Collaboration:
        participants = []
        flows = []
        for child in el:
            if child.tag == BPMN + "participant":
                element_id = self.register(child)
                if element_id is not None:
                    participants.append(
                        Participant(
                            id=element_id,
                            name=child.get("name"),
                            process_id=child.get("processRef"),
                            line=line_of(child),
                        )
                    )
            elif child.tag == BPMN + "messageFlow":
                element_id = self.register(child)
                if element_id is not None:
                    flows.append(
                        MessageFlow(
                            id=element_id,
                            name=child.get("name"),
                            source_id=child.get("sourceRef", ""),
                            target_id=child.get("targetRef", ""),
                            message_id=child.get("messageRef"),
                            line=line_of(child),
                        )
                    )
        return Collaboration(
            id=collaboration_id,
            participants=tuple(participants),
            message_flows=tuple(flows),
            line=line_of(el),
        )

    def check_references(
        self,
        root: etree._Element,
        processes: list[Process],
        collaborations: list[Collaboration],
    ) -> None:
        """Participants name processes of this document; message flows join known elements."""
        process_ids = {p.id for p in processes}
        known: set[str] | None = None
        for collaboration in collaborations:
            for participant in collaboration.participants:
                ref = participant.process_id
                if ref and local_ref(ref, process_ids) not in process_ids:
                    self.problems.append(
                        Problem(
                            f"participant references process '{ref}', which does not exist",
                            participant.id,
                            participant.line,
                        )
                    )
            for flow in collaboration.message_flows:
                if known is None:
                    # Message flows may join any element, even ones Baton skips (in
                    # non-executable pools), so look the ids up in the whole document.
                    known = {str(el.get("id")) for el in root.iter() if el.get("id")}
                for side, ref in (("sourceRef", flow.source_id), ("targetRef", flow.target_id)):
                    if local_ref(ref, known) not in known:
                        self.problems.append(
                            Problem(
                                f"the {side} '{ref}' of this message flow does not exist",
                                flow.id,
                                flow.line,
                            )
                        )

    def read(self, root: etree._Element) -> Definitions | None:
        if root.tag != BPMN + "definitions":
            namespace = etree.QName(root).namespace
            if local_name(root.tag) == "definitions" and namespace != BPMN_NS:
                message = (
                    f"not a BPMN 2.0 document: <definitions> is in namespace '{namespace}', "
                    f"expected '{BPMN_NS}'"
                )
            else:
                message = (
                    f"not a BPMN document: the root element is <{local_name(root.tag)}>, "
                    "expected bpmn:definitions"
                )
            self.problems.append(Problem(message, None, line_of(root)))
            return None
        roots = self.roots(root)
        processes: list[Process] = []
        collaborations: list[Collaboration] = []
        for el in root:
            tag = el.tag
            if tag == BPMN + "process":
                process_id = self.register(el)
                if process_id is None:
                    continue
                strict = xml_true(el.get("isExecutable"), False)
                reader = ProcessReader(roots, self.ids, self.problems, strict)
                processes.append(reader.finish(el, process_id))
            elif tag == BPMN + "collaboration":
                collaboration_id = self.register(el)
                if collaboration_id is not None:
                    collaborations.append(self.collaboration(el, collaboration_id))
        self.check_references(root, processes, collaborations)
        return Definitions(
            id=root.get("id"),
            target_namespace=root.get("targetNamespace"),
            exporter=root.get("exporter"),
            exporter_version=root.get("exporterVersion"),
            processes=tuple(processes),
            messages=roots.messages,
            signals=roots.signals,
            errors=roots.errors,
            escalations=roots.escalations,
            collaborations=tuple(collaborations),
        )


def read_definitions(root: etree._Element, problems: list[Problem]) -> Definitions | None:
    """The document's model, adding every structural problem to ``problems``.

    Returns None only when the root is not ``bpmn:definitions`` (nothing else can be read).
    """
    return _DocumentReader(problems).read(root)
