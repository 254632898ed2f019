// Baton tasklist: progressive enhancement. Every page works without this file; with it,
// forms render with form-js, diagrams with bpmn-js, and the modeler runs.
(function () {
  "use strict";
  var base = document.body.getAttribute("data-base") || "";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function readJson(el, name, fallback) {
    try { return JSON.parse(el.getAttribute(name) || ""); } catch (e) { return fallback; }
  }

  // Forms: render the schema; on submit validate in the browser, then post the data as JSON.
  function setUpForm(holder) {
    if (!window.FormViewer) { return; }
    var form = holder.closest("form");
    var textarea = form.querySelector("textarea[name=variables]");
    var data = readJson(holder, "data-data", {});
    try { data = Object.assign({}, data, JSON.parse(textarea.value || "{}")); } catch (e) { /* keep */ }
    window.FormViewer.createForm({
      container: holder, schema: readJson(holder, "data-schema", {}), data: data
    }).then(function (formJs) {
      form.querySelector(".json-fallback").hidden = true;
      form.addEventListener("submit", function (event) {
        var result = formJs.submit();
        if (Object.keys(result.errors || {}).length) {
          event.preventDefault();
          var first = holder.querySelector(".fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select");
          if (first) { first.focus(); }
          return;
        }
        textarea.value = JSON.stringify(result.data);
      });
    }).catch(function (error) {
      holder.textContent = "The form could not be shown: " + error.message;
    });
  }

  function mark(canvas, markers) {
    Object.keys(markers || {}).forEach(function (kind) {
      (markers[kind] || []).forEach(function (id) {
        try { canvas.addMarker(id, "marker-" + kind); } catch (e) { /* not drawn */ }
      });
    });
  }

  function setUpDiagram(holder) {
    if (!window.BpmnJS || holder.id === "modeler") { return; }
    holder.textContent = "";
    var viewer = new window.BpmnJS({ container: holder, height: 380 });
    fetch(holder.getAttribute("data-xml"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var canvas = viewer.get("canvas");
        canvas.zoom("fit-viewport");
        mark(canvas, readJson(holder, "data-markers", {}));
        holder.setAttribute("data-ready", "1");
      })
      .catch(function (error) { holder.textContent = "The diagram could not be shown: " + error.message; });
  }

  var EMPTY = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ' +
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">' +
    '<bpmn:process id="Process_1" isExecutable="true"><bpmn:startEvent id="StartEvent_1"/></bpmn:process>' +
    '<bpmndi:BPMNDiagram id="BPMNDiagram_1"><bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">' +
    '<bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1"><dc:Bounds x="152" y="102" width="36" height="36"/>' +
    '</bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>';

  function setUpModeler(holder) {
    if (!window.BpmnJS) { return; }
    fetch(base + "/static/vendor/zeebe-moddle.json", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (zeebe) { startModeler(holder, zeebe); });
  }

  function startModeler(holder, zeebe) {
    var modeler = new window.BpmnJS({
      container: holder, height: 520, keyboard: { bindTo: document },
      moddleExtensions: zeebe ? { zeebe: zeebe } : {}
    });
    window.batonModeler = modeler;
    var status = document.getElementById("modeler-status");
    var list = document.getElementById("problems");
    var url = holder.getAttribute("data-xml");
    var load = url ? fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); })
                   : Promise.resolve(EMPTY);
    load.then(function (xml) { return modeler.importXML(xml); })
      .then(function () { holder.setAttribute("data-ready", "1"); })
      .catch(function (error) { status.textContent = "Could not open the diagram: " + error.message; });

    var marked = [];
    function show(problems) {
      var canvas = modeler.get("canvas");
      marked.forEach(function (id) { try { canvas.removeMarker(id, "marker-incident"); } catch (e) { /* gone */ } });
      marked = [];
      list.textContent = "";
      problems.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = (p.element_id ? p.element_id + ": " : "") + p.message + (p.line ? " (line " + p.line + ")" : "");
        list.appendChild(li);
        if (p.element_id) {
          try { canvas.addMarker(p.element_id, "marker-incident"); marked.push(p.element_id); } catch (e) { /* not drawn */ }
        }
      });
    }
    function send(path) {
      status.textContent = "Working…";
      return modeler.saveXML({ format: true }).then(function (saved) {
        var name = encodeURIComponent(document.getElementById("file-name").value || "diagram.bpmn");
        return fetch(base + path + "?name=" + name, {
          method: "POST", credentials: "same-origin", body: saved.xml,
          headers: { "Content-Type": "application/xml", "X-CSRF-Token": csrf, "Accept": "application/json" }
        });
      }).then(function (r) { return r.json(); });
    }
    document.getElementById("validate").addEventListener("click", function () {
      send("/modeler/validate").then(function (result) {
        show(result.problems || []);
        status.textContent = result.valid ? "No problems: Baton can run this process." :
          (result.problems.length + " problem(s) found.");
      }).catch(function (e) { status.textContent = "Validation failed: " + e.message; });
    });
    var deploy = document.getElementById("deploy");
    if (deploy) {
      deploy.addEventListener("click", function () {
        send("/modeler/deploy").then(function (result) {
          show(result.problems || []);
          if (result.deployed && result.deployed.length) {
            status.textContent = "Deployed: " + result.deployed.map(function (p) {
              return p.bpmn_process_id + " version " + p.version;
            }).join(", ");
          } else {
            status.textContent = "Not deployed: " + (result.problems || []).length + " problem(s).";
          }
        }).catch(function (e) { status.textContent = "Deploy failed: " + e.message; });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".formjs"), setUpForm);
    Array.prototype.forEach.call(document.querySelectorAll(".diagram"), setUpDiagram);
    var modeler = document.getElementById("modeler");
    if (modeler) { setUpModeler(modeler); }
  });
})();
