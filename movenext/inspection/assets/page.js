// movenext inspect page.
//
// Everything shown is rendered from the JSON in #inspect-data (the documented
// schema movenext.inspect/1); #page-data adds the function to show first and
// Pygments' highlighting tokens. The state graphs are SVG drawn by Python
// (svg.py), one <figure> per compiled function.
//
// The one idea: a *focus* (a source line, a generated line, or a state) and
// everything related to it gets a class:
//   is-focus    the thing under the pointer, or pinned by a click
//   is-related  code lines that correspond through the line map
//   is-state    lines, table rows, graph nodes and edges of the focused states
//   is-resume   the generated line where move_next() resumes a focused state
// Hovering sets a transient focus; clicking pins one (click again or press
// Esc to let go) and scrolls the other pane to what it points at.
"use strict";

(function () {
  const data = readJson("inspect-data");
  const settings = readJson("page-data");
  const functions = data.functions;
  const lineMap = data.line_map; // lineMap[g - 1]: the source line of generated line g (0: none)

  // -- small helpers ----------------------------------------------------------

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // Split as page.py does (\n, \r\n or \r); no empty line after a final break.
  function splitLines(text) {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines;
  }

  // el("span", {class: "x"}, "text", otherNode): children are text or nodes,
  // so nothing from the file is ever parsed as HTML.
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function push(map, key, value) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(value);
  }

  function range(first, last) {
    const numbers = [];
    for (let n = first; n <= last; n++) numbers.push(n);
    return numbers;
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  // -- what belongs to what ---------------------------------------------------

  // A state is known by "<function index>:<state number>"; "done" is a node only.
  function stateKey(functionIndex, state) {
    return `${functionIndex}:${state}`;
  }

  // The generated lines of a state: its await/yield block, or for state 0
  // (which has none) the line where move_next() starts.
  function generatedLinesOfState(state) {
    if (state.generated_range) return range(state.generated_range.first, state.generated_range.last);
    return state.resume_line ? [state.resume_line] : [];
  }

  const generatedBySource = new Map(); // source line -> generated lines
  lineMap.forEach((sourceLine, index) => {
    if (sourceLine) push(generatedBySource, sourceLine, index + 1);
  });

  const states = new Map(); // key -> {functionIndex, state}
  const statesBySource = new Map(); // source line -> keys
  const statesByGenerated = new Map(); // generated line -> keys
  functions.forEach((fn, functionIndex) => {
    for (const state of fn.states || []) {
      const key = stateKey(functionIndex, state.state);
      states.set(key, { functionIndex, state });
      push(statesBySource, state.line, key);
      for (const line of generatedLinesOfState(state)) push(statesByGenerated, line, key);
    }
  });

  // The function a line belongs to: the innermost one around it.
  function innermost(candidates) {
    let best = null;
    for (const [index, first, last] of candidates) {
      if (best === null || last - first < best[2] - best[1]) best = [index, first, last];
    }
    return best === null ? null : best[0];
  }

  function functionAtSource(line) {
    const around = [];
    functions.forEach((fn, index) => {
      const r = fn.source_range;
      if (r.first <= line && line <= r.last) around.push([index, r.first, r.last]);
    });
    return innermost(around);
  }

  function functionAtGenerated(line) {
    const around = [];
    functions.forEach((fn, index) => {
      for (const r of [fn.machine_range, fn.stub_range]) {
        if (r && r.first <= line && line <= r.last) around.push([index, r.first, r.last]);
      }
    });
    const found = innermost(around);
    if (found !== null) return found;
    const sourceLine = lineMap[line - 1];
    return sourceLine ? functionAtSource(sourceLine) : null; // functions left native are copied
  }

  // -- rendering: code panes --------------------------------------------------

  const sourceCode = document.getElementById("source-code");
  const generatedCode = document.getElementById("generated-code");
  const sourceScroller = document.getElementById("source-scroller");
  const generatedScroller = document.getElementById("generated-scroller");
  const sourceRuler = document.getElementById("source-ruler");
  const generatedRuler = document.getElementById("generated-ruler");

  // Returns the line elements, indexed by line number (index 0 unused).
  function renderCode(container, text, tokens) {
    const elements = [null];
    const fragment = document.createDocumentFragment();
    splitLines(text).forEach((line, index) => {
      const number = index + 1;
      const row = el("div", { class: "line", "data-line": number },
        el("span", { class: "ln" }, String(number)),
        highlighted(line, tokens && tokens[index]));
      elements.push(row);
      fragment.append(row);
    });
    container.replaceChildren(fragment);
    return elements;
  }

  // Pygments' pieces for a line, if they spell exactly the JSON's text.
  function highlighted(text, pieces) {
    const span = el("span", { class: "text" });
    if (pieces && pieces.map((piece) => piece[1]).join("") === text) {
      for (const [cssClass, piece] of pieces) span.append(cssClass ? el("span", { class: cssClass }, piece) : piece);
    } else {
      span.textContent = text;
    }
    return span;
  }

  const sourceLineElements = renderCode(sourceCode, data.source, settings.highlight.source);
  const generatedLineElements = renderCode(generatedCode, data.generated, settings.highlight.generated);

  // -- rendering: function list, summary, state table, graph ------------------

  const functionList = document.getElementById("function-list");
  const summary = document.getElementById("function-summary");
  const stateTable = document.getElementById("state-table");
  const stateRows = document.getElementById("state-rows");
  const statesTitle = document.getElementById("states-title");
  const nativeNote = document.getElementById("native-note");
  const graphNote = document.getElementById("graph-note");
  const statesScroller = document.getElementById("states-scroller");
  const graphScroller = document.getElementById("graph-scroller");

  function renderFunctionList() {
    if (!functions.length) {
      functionList.append(el("li", { class: "muted" }, "no async functions in this file"));
      return;
    }
    functions.forEach((fn, index) => {
      const meta = fn.compiled ? `${fn.kind} \u00b7 ${plural(fn.states.length - 1, "state")}` : `left native: ${fn.refused}`;
      const button = el("button", {
        type: "button",
        class: fn.compiled ? "function-button" : "function-button native",
        "data-function": index,
        "aria-pressed": "false",
        title: `${fn.qualname} (${fn.kind}, lines ${fn.source_range.first}-${fn.source_range.last})` +
          (fn.compiled ? "" : `\nleft native: ${fn.refused}`),
      }, el("span", { class: "name" }, fn.qualname), el("span", { class: "meta" }, meta));
      functionList.append(el("li", {}, button));
    });
  }

  function code(text) {
    return el("code", {}, text);
  }

  function lines(r) {
    return r.first === r.last ? `line ${r.first}` : `lines ${r.first}\u2013${r.last}`;
  }

  function renderSummary(fn) {
    const parts = [code(fn.qualname), ` \u00b7 ${fn.kind} \u00b7 source ${lines(fn.source_range)}`];
    if (fn.compiled) {
      parts.push(" \u00b7 ", code(fn.machine_class));
      if (fn.machine_range) parts.push(`: generated ${lines(fn.machine_range)}`);
      if (fn.stub_range) parts.push(`, stub ${lines(fn.stub_range)}`);
      const fields = el("span", { title: fn.fields.join(", ") }, ` \u00b7 ${plural(fn.fields.length, "field")}`);
      parts.push(fields);
    }
    summary.replaceChildren(...parts);
  }

  function renderStateTable(fn) {
    statesTitle.textContent = fn.compiled ? `States of ${fn.machine_class}` : `${fn.qualname}: left native`;
    stateTable.hidden = !fn.compiled;
    nativeNote.hidden = fn.compiled;
    if (!fn.compiled) {
      nativeNote.replaceChildren(code(fn.qualname), ` is left native: ${fn.refused}. ` +
        "Its code is copied into the generated module unchanged.");
      stateRows.replaceChildren();
      return;
    }
    stateRows.replaceChildren(...fn.states.map(stateRow));
  }

  function stateRow(state) {
    const waits = state.kind === "start"
      ? [el("span", { class: "kind kind-start" }, "start"), "the start of the body"]
      : [el("span", { class: `kind kind-${state.kind}` }, state.kind), code(state.expression)];
    const saved = state.saved.length ? code(state.saved.join(", ")) : el("span", { class: "none" }, "\u2013");
    const resumes = [state.resume_line ? `generated line ${state.resume_line}` : ""];
    if (state.inside.length) resumes.push(el("span", { class: "inside" }, "in " + state.inside.join(" \u203a ")));
    return el("tr", { "data-state": state.state, tabindex: "0" },
      el("td", { class: "num" }, String(state.state)),
      el("td", { class: "num" }, String(state.line)),
      el("td", {}, ...waits),
      el("td", {}, saved),
      el("td", {}, ...resumes));
  }

  function visibleGraph() {
    return graphScroller.querySelector("figure.graph:not([hidden])");
  }

  function showGraph(index, fn) {
    for (const figure of graphScroller.querySelectorAll("figure.graph")) {
      figure.hidden = figure.dataset.function !== String(index);
    }
    graphNote.hidden = fn.compiled;
    if (!fn.compiled) graphNote.textContent = `${fn.qualname} is left native: it has no state machine to draw.`;
  }

  // The selected function's lines get a tinted gutter in both panes.
  let functionLines = [];

  function markFunctionLines(fn) {
    for (const element of functionLines) element.classList.remove("in-function");
    functionLines = [];
    const mark = (elements, numbers) => {
      for (const n of numbers) {
        if (elements[n]) {
          elements[n].classList.add("in-function");
          functionLines.push(elements[n]);
        }
      }
    };
    mark(sourceLineElements, range(fn.source_range.first, fn.source_range.last));
    mark(generatedLineElements, generatedLinesOfFunction(fn));
  }

  function generatedLinesOfFunction(fn) {
    if (fn.compiled) {
      return [fn.machine_range, fn.stub_range].filter(Boolean).flatMap((r) => range(r.first, r.last));
    }
    const r = fn.source_range;
    return range(1, lineMap.length).filter((g) => lineMap[g - 1] >= r.first && lineMap[g - 1] <= r.last);
  }

  let selected = null;

  function select(index, { reveal = true } = {}) {
    selected = index;
    const fn = functions[index];
    for (const button of functionList.querySelectorAll(".function-button")) {
      button.setAttribute("aria-pressed", String(button.dataset.function === String(index)));
    }
    renderSummary(fn);
    renderStateTable(fn);
    showGraph(index, fn);
    markFunctionLines(fn);
    if (reveal) {
      scrollToLine(sourceScroller, sourceLineElements[fn.source_range.first], { always: true });
      const generated = generatedLinesOfFunction(fn);
      if (generated.length) scrollToLine(generatedScroller, generatedLineElements[generated[0]], { always: true });
      statesScroller.scrollTop = 0;
      graphScroller.scrollTop = 0;
    }
    refresh();
  }

  // -- scrolling ----------------------------------------------------------------

  // Bring `element` into view in `scroller`. By default only if it is out of
  // view, and then a third of the way down (some context above it shows).
  // `always`: even if it is in view, to the top unless `third` is given.
  function scrollToLine(scroller, element, { always = false, third = !always } = {}) {
    if (!element) return;
    const box = scroller.getBoundingClientRect();
    const target = element.getBoundingClientRect();
    const visible = target.top >= box.top && target.bottom <= box.bottom;
    if (visible && !always) return;
    const offset = third ? scroller.clientHeight / 3 : 8;
    scroller.scrollTop += target.top - box.top - offset;
  }

  // -- focus and highlighting -----------------------------------------------------

  function highlightsFor(focus) {
    const found = { source: new Map(), generated: new Map(), states: new Map() };
    const add = (map, key, cssClass) => {
      if (!map.has(key)) map.set(key, new Set());
      map.get(key).add(cssClass);
    };
    const addState = (key) => {
      add(found.states, key, "is-state");
      const entry = states.get(key);
      if (!entry) return; // "done": a graph node only
      add(found.source, entry.state.line, "is-state");
      for (const line of generatedLinesOfState(entry.state)) add(found.generated, line, "is-state");
      if (entry.state.resume_line) add(found.generated, entry.state.resume_line, "is-resume");
    };
    const addRelatedToSource = (sourceLine) => {
      for (const line of generatedBySource.get(sourceLine) || []) add(found.generated, line, "is-related");
    };
    if (!focus) return found;
    if (focus.type === "source") {
      addRelatedToSource(focus.line);
      for (const key of statesBySource.get(focus.line) || []) addState(key);
      add(found.source, focus.line, "is-focus");
    } else if (focus.type === "generated") {
      const sourceLine = lineMap[focus.line - 1];
      if (sourceLine) {
        add(found.source, sourceLine, "is-related");
        addRelatedToSource(sourceLine);
      }
      for (const key of statesByGenerated.get(focus.line) || []) addState(key);
      add(found.generated, focus.line, "is-focus");
    } else if (focus.type === "state") {
      addState(focus.key);
      add(found.states, focus.key, "is-focus");
    }
    return found;
  }

  // Elements currently carrying highlight classes, to undo them cheaply.
  let marked = [];

  function apply(found) {
    for (const [element, classes] of marked) element.classList.remove(...classes);
    marked = [];
    const mark = (element, classes) => {
      if (!element) return;
      element.classList.add(...classes);
      marked.push([element, [...classes]]);
    };
    for (const [line, classes] of found.source) mark(sourceLineElements[line], classes);
    for (const [line, classes] of found.generated) mark(generatedLineElements[line], classes);
    const figure = visibleGraph();
    let graphFocused = false;
    for (const [key, classes] of found.states) {
      const [functionIndex, state] = key.split(":");
      if (functionIndex !== String(selected)) continue;
      mark(stateRows.querySelector(`tr[data-state="${state}"]`), classes);
      if (!figure) continue;
      graphFocused = true;
      mark(figure.querySelector(`.node[data-state="${state}"]`), classes);
      const name = state === "0" ? "entry" : state;
      for (const edge of figure.querySelectorAll(".edge, .edge-label")) {
        if (edge.dataset.to === name || edge.dataset.from.split(" ").includes(name)) mark(edge, ["is-state"]);
      }
    }
    if (figure) mark(figure, graphFocused ? ["has-focus"] : []);
    drawRuler(sourceRuler, found.source, sourceLineElements.length - 1);
    drawRuler(generatedRuler, found.generated, generatedLineElements.length - 1);
  }

  // -- the overview rulers ----------------------------------------------------------

  const RULER_CLASSES = ["is-focus", "is-state", "is-related"]; // the strongest names a tick

  // One tick per run of consecutive highlighted lines of the same strongest class.
  function drawRuler(ruler, highlighted, lineCount) {
    const runs = [];
    for (const line of [...highlighted.keys()].sort((a, b) => a - b)) {
      const cssClass = RULER_CLASSES.find((name) => highlighted.get(line).has(name));
      if (!cssClass) continue;
      const last = runs[runs.length - 1];
      if (last && last.cssClass === cssClass && last.last === line - 1) last.last = line;
      else runs.push({ cssClass, first: line, last: line });
    }
    ruler.replaceChildren(...runs.map((run) => el("div", {
      class: `tick ${run.cssClass}`,
      "data-line": run.first,
      style: `top: ${((run.first - 1) / lineCount) * 100}%; height: ${((run.last - run.first + 1) / lineCount) * 100}%`,
    })));
  }

  function listenToRuler(ruler, scroller, elements) {
    ruler.addEventListener("click", (event) => {
      const tick = event.target.closest(".tick");
      if (tick) scrollToLine(scroller, elements[Number(tick.dataset.line)], { always: true, third: true });
    });
  }

  let hovered = null;
  let pinned = null;

  function sameFocus(a, b) {
    return a && b && a.type === b.type && a.line === b.line && a.key === b.key;
  }

  function refresh() {
    apply(highlightsFor(hovered || pinned));
    document.getElementById("pin-status").textContent = pinned ? `Pinned: ${describe(pinned)}` : "";
  }

  function describe(focus) {
    if (focus.type === "source") return `source line ${focus.line}`;
    if (focus.type === "generated") return `generated line ${focus.line}`;
    const [functionIndex, state] = focus.key.split(":");
    const name = state === "done" ? "done" : `state ${state}`;
    return `${functions[functionIndex].qualname}, ${name}`;
  }

  function hover(focus) {
    if (sameFocus(focus, hovered)) return;
    hovered = focus;
    refresh();
  }

  function pin(focus) {
    if (sameFocus(focus, pinned)) {
      pinned = null;
    } else {
      pinned = focus;
      follow(focus);
    }
    refresh();
  }

  // After a click: select the function the focus belongs to, then scroll
  // the other places to what the focus points at.
  function follow(focus) {
    const owner = focus.type === "source" ? functionAtSource(focus.line)
      : focus.type === "generated" ? functionAtGenerated(focus.line)
        : Number(focus.key.split(":")[0]);
    if (owner !== null && owner !== selected) select(owner, { reveal: false });
    const found = highlightsFor(focus);
    if (focus.type !== "source" && found.source.size) {
      scrollToLine(sourceScroller, sourceLineElements[firstLine(found.source)]);
    }
    if (focus.type !== "generated" && found.generated.size) {
      scrollToLine(generatedScroller, generatedLineElements[firstLine(found.generated)]);
    }
    for (const key of found.states.keys()) {
      const [functionIndex, state] = key.split(":");
      if (functionIndex !== String(selected)) continue;
      scrollToLine(statesScroller, stateRows.querySelector(`tr[data-state="${state}"]`));
      const figure = visibleGraph();
      if (figure) scrollToLine(graphScroller, figure.querySelector(`.node[data-state="${state}"]`));
      break;
    }
  }

  // The first line of a state if there is one (the await itself is what a
  // reader looks for), else the first related line.
  function firstLine(highlighted) {
    const lines = [...highlighted.keys()];
    const ofStates = lines.filter((line) => highlighted.get(line).has("is-state"));
    return Math.min(...(ofStates.length ? ofStates : lines));
  }

  // -- events ---------------------------------------------------------------------

  // Hover and click on an area whose items yield a focus (or null).
  function listen(area, focusOf) {
    area.addEventListener("mouseover", (event) => hover(focusOf(event.target)));
    area.addEventListener("mouseleave", () => hover(null));
    area.addEventListener("click", (event) => {
      if (String(window.getSelection())) return; // selecting text to copy is not a click
      const focus = focusOf(event.target);
      if (focus) pin(focus);
    });
    area.addEventListener("keydown", (event) => {
      const focus = focusOf(event.target);
      if (focus && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        pin(focus);
      }
    });
  }

  function lineFocus(type) {
    return (target) => {
      const line = target.closest(".line");
      return line ? { type, line: Number(line.dataset.line) } : null;
    };
  }

  function stateFocus(selector) {
    return (target) => {
      const item = target.closest(selector);
      return item ? { type: "state", key: stateKey(selected, item.dataset.state) } : null;
    };
  }

  listen(sourceCode, lineFocus("source"));
  listen(generatedCode, lineFocus("generated"));
  listen(stateRows, stateFocus("tr[data-state]"));
  listen(graphScroller, stateFocus(".node[data-state]"));

  listenToRuler(sourceRuler, sourceScroller, sourceLineElements);
  listenToRuler(generatedRuler, generatedScroller, generatedLineElements);

  functionList.addEventListener("click", (event) => {
    const button = event.target.closest(".function-button");
    if (!button) return;
    pinned = null; // a new function: start afresh
    select(Number(button.dataset.function));
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && pinned) {
      pinned = null;
      refresh();
    }
  });

  // -- start ------------------------------------------------------------------------

  renderFunctionList();
  if (settings.selected !== null && functions.length) {
    select(settings.selected);
  } else {
    stateTable.hidden = true;
    graphNote.hidden = false;
    graphNote.textContent = "This file has no async functions.";
  }
  document.body.dataset.ready = "true"; // for tests and scripts driving the page
})();
