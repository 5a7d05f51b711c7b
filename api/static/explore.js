// argmap viewer: exploring the drawing. Zoom and pan by keyboard (+, -, 0 to fit, arrow keys on the frame),
// by pointer (wheel with Ctrl, drag) and by buttons (fit, fit to width, actual size), and a focus mode that
// dims everything but the selected node and its neighbours. Without this script the frame simply scrolls.
(function () {
  "use strict";

  var figure = document.getElementById("diagram");
  if (!figure || figure.classList.contains("embedded")) return;
  var frame = figure.querySelector(".svg-frame");
  var svg = frame && frame.querySelector("svg");
  if (!svg) return;
  var naturalWidth = svg.width.baseVal.value;
  var naturalHeight = svg.height.baseVal.value;
  if (!(naturalWidth > 0 && naturalHeight > 0)) return;

  var STEP = 1.25;
  var MAX_ZOOM = 4;
  var zoom = 1;
  // "auto": as wide as the frame but never past actual size, nor below reading size (how a page without a
  // layout opens); "width": as wide as the frame; "fit": the whole drawing in the frame; null: the reader's
  // own zoom. A fit is kept on resize.
  var mode = "auto";
  // The statements' text is at least this many CSS pixels tall when the page opens: a drawing too wide for
  // the frame at that size opens wider than the frame, the thesis in view, rather than unreadably small.
  var READING_PX = 12;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // ---- the toolbar ----
  var level = el("output", { class: "zoom-level", "aria-live": "polite", "aria-label": "Zoom" }, ["100%"]);
  function button(id, label, title, action) {
    var made = el("button", { type: "button", id: id, title: title }, [label]);
    made.addEventListener("click", action);
    return made;
  }
  var focusButton = button("focus-mode", "Focus on neighbours",
    "Dim everything but the selected box and the boxes it is related to", function () { setFocusMode(!focusOn); });
  focusButton.setAttribute("aria-pressed", "false");
  var focusStatus = el("span", { id: "focus-status", class: "status", role: "status" }, []);
  var help = el("p", { id: "zoom-help", class: "hint" }, [
    "Keys on the drawing: + and − zoom, 0 fits it, arrow keys pan. Ctrl and the wheel zoom; drag to pan.",
  ]);
  var tools = el("div", { class: "zoom-tools", role: "group", "aria-label": "Zoom and focus" }, [
    button("zoom-out", "−", "Zoom out (−)", function () { zoomBy(1 / STEP); }),
    level,
    button("zoom-in", "+", "Zoom in (+)", function () { zoomBy(STEP); }),
    button("zoom-fit", "Fit", "The whole drawing in the frame (0)", function () { fit("fit"); }),
    button("zoom-width", "Fit to width", "As wide as the frame", function () { fit("width"); }),
    button("zoom-actual", "Actual size", "The drawing at its own size (100%)", function () { mode = null; apply(1); }),
    focusButton,
    focusStatus,
    help,
  ]);
  tools.querySelector("#zoom-out").setAttribute("aria-label", "Zoom out");
  tools.querySelector("#zoom-in").setAttribute("aria-label", "Zoom in");
  figure.insertBefore(tools, frame);
  figure.classList.add("zoomable");
  frame.setAttribute("aria-describedby", "zoom-help");

  // ---- zoom ----
  function frameHeight() {
    var most = parseFloat(getComputedStyle(frame).maxHeight);
    return isFinite(most) && most > 0 ? most : window.innerHeight * 0.8;
  }

  function minZoom() {
    return Math.min(0.25, frame.clientWidth / naturalWidth, frameHeight() / naturalHeight);
  }

  function apply(wanted) {
    zoom = Math.min(MAX_ZOOM, Math.max(minZoom(), wanted));
    svg.style.width = naturalWidth * zoom + "px";
    svg.style.height = naturalHeight * zoom + "px";
    level.textContent = Math.round(zoom * 100) + "%";
    figure.setAttribute("data-zoom", zoom.toFixed(4));
  }

  // The zoom at which the drawing's body text (the size most of its lines are set in) is READING_PX tall.
  function readingZoom() {
    var counts = {};
    Array.prototype.forEach.call(svg.querySelectorAll("g.node text"), function (text) {
      var matrix = text.getScreenCTM();
      var size = parseFloat(text.getAttribute("font-size"));
      if (!matrix || !(size > 0)) return;
      var px = (size * Math.hypot(matrix.a, matrix.b)) / zoom;
      var key = px.toFixed(2);
      counts[key] = (counts[key] || 0) + 1;
    });
    var body = 0;
    var most = 0;
    Object.keys(counts).forEach(function (key) {
      if (counts[key] > most) { most = counts[key]; body = parseFloat(key); }
    });
    return body > 0 ? READING_PX / body : 0;
  }

  function fitted(kind) {
    // Half a pixel short of the frame: a fraction past its width would give it a horizontal scroll bar.
    var across = (frame.clientWidth - 0.5) / naturalWidth;
    if (kind === "fit") return Math.min(across, (frameHeight() - 0.5) / naturalHeight);
    return kind === "auto" ? Math.max(Math.min(1, across), readingZoom()) : across;
  }

  // The thesis (the drawing's root) in the middle of the frame's width: where a reader starts.
  function centreRoot() {
    var root = figure.getAttribute("data-root");
    var group = root && svg.querySelector('g.node[id="node-' + CSS.escape(root) + '"]');
    if (!group) return;
    var box = group.getBoundingClientRect();
    var view = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (view.left + frame.clientWidth / 2);
  }

  function fit(kind) {
    mode = kind;
    apply(fitted(kind));
    // A vertical scroll bar that appeared takes width from the frame: measure again.
    if (frame.scrollWidth > frame.clientWidth) apply(fitted(kind));
    frame.scrollLeft = 0;
    if (kind === "fit") frame.scrollTop = 0;
    if (kind === "auto" && frame.scrollWidth > frame.clientWidth) centreRoot();
    fittedWidth = frame.clientWidth;
  }

  // Zooms keeping the drawing's point under (x, y), in the window's coordinates, where it is.
  function zoomAround(wanted, x, y) {
    var before = svg.getBoundingClientRect();
    var atX = (x - before.left) / zoom;
    var atY = (y - before.top) / zoom;
    apply(wanted);
    var after = svg.getBoundingClientRect();
    frame.scrollLeft += after.left + atX * zoom - x;
    frame.scrollTop += after.top + atY * zoom - y;
  }

  function zoomBy(factor) {
    mode = null;
    var box = frame.getBoundingClientRect();
    zoomAround(zoom * factor, box.left + frame.clientWidth / 2, box.top + frame.clientHeight / 2);
  }

  // A fit follows the frame's width (a phone's toolbar coming and going changes only the height).
  var fittedWidth = 0;
  // A layout's drawing was made at reading size: it opens at its own size, to pan; any other fits the frame.
  if (new URLSearchParams(location.search).get("layout")) {
    mode = null;
    apply(1);
  } else {
    fit("auto");
  }
  window.addEventListener("resize", function () {
    if (mode && (mode === "fit" || frame.clientWidth !== fittedWidth)) fit(mode);
  });

  // ---- keyboard: anywhere in the figure (a box or the frame); arrow keys pan on the frame itself ----
  var PAN = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  figure.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (key === "+" || key === "=") zoomBy(STEP);
    else if (key === "-" || key === "_") zoomBy(1 / STEP);
    else if (key === "0") fit("fit");
    else if (event.target === frame && PAN[key]) {
      frame.scrollLeft += PAN[key][0] * Math.max(40, frame.clientWidth * 0.15);
      frame.scrollTop += PAN[key][1] * Math.max(40, frame.clientHeight * 0.15);
    } else return;
    event.preventDefault();
  });

  // ---- pointer: Ctrl and the wheel (or a trackpad's pinch) zoom; a drag pans; touch scrolls natively ----
  frame.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    var delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
    mode = null;
    zoomAround(zoom * Math.exp(-delta / 400), event.clientX, event.clientY);
  }, { passive: false });

  var drag = null;
  var dragged = false;
  frame.addEventListener("pointerdown", function (event) {
    dragged = false;
    if (event.button !== 0 || event.pointerType === "touch") return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop };
  });
  frame.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!dragged) {
      if (Math.abs(dx) + Math.abs(dy) < 5) return;  // a click that wobbled, not a drag
      dragged = true;
      frame.setPointerCapture(event.pointerId);
      frame.classList.add("dragging");
    }
    frame.scrollLeft = drag.left - dx;
    frame.scrollTop = drag.top - dy;
  });
  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    drag = null;
    frame.classList.remove("dragging");
  }
  frame.addEventListener("pointerup", endDrag);
  frame.addEventListener("pointercancel", endDrag);
  frame.addEventListener("dragstart", function (event) { event.preventDefault(); });
  // A drag that ends on a box does not select it.
  frame.addEventListener("click", function (event) {
    if (!dragged) return;
    dragged = false;
    event.preventDefault();
    event.stopPropagation();
  }, true);

  // ---- focus mode: the selected node (else the root), its neighbours and the arrows between them ----
  function nodeIdOf(group) {
    var link = group.querySelector("a");
    var href = link && (link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
    var at = href ? href.indexOf("#node-") : -1;
    return at < 0 ? null : decodeURIComponent(href.slice(at + "#node-".length));
  }

  var boxById = {};
  var idByName = {};  // a box's DOT name (its <title>) to its node id: arrows are titled "source->target"
  Array.prototype.forEach.call(svg.querySelectorAll("g.map-node"), function (group) {
    var id = nodeIdOf(group);
    var title = group.querySelector("title");
    if (id === null) return;
    boxById[id] = group;
    if (title) idByName[title.textContent] = id;
  });
  var arrows = [];
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (group) {
    var title = group.querySelector("title");
    var ends = title ? title.textContent.split("->") : [];
    if (ends.length !== 2 || !(ends[0] in idByName) || !(ends[1] in idByName)) return;
    arrows.push({ group: group, ends: [idByName[ends[0]], idByName[ends[1]]] });
  });

  var focusOn = false;
  var selected = null;
  var root = figure.getAttribute("data-root");

  function paint() {
    Array.prototype.forEach.call(svg.querySelectorAll(".near"), function (node) { node.classList.remove("near"); });
    var centre = selected && boxById[selected] ? selected : root;
    figure.classList.toggle("focus-mode", focusOn && !!boxById[centre]);
    if (!focusOn) {
      focusStatus.textContent = "";
      return;
    }
    if (!boxById[centre]) {
      focusStatus.textContent = "The selected node is not drawn here.";
      return;
    }
    var near = {};
    near[centre] = true;
    arrows.forEach(function (arrow) {
      var other = arrow.ends[0] === centre ? arrow.ends[1] : arrow.ends[1] === centre ? arrow.ends[0] : null;
      if (other === null) return;
      near[other] = true;
      arrow.group.classList.add("near");
    });
    Object.keys(near).forEach(function (id) { boxById[id].classList.add("near"); });
    var count = Object.keys(near).length - 1;
    focusStatus.textContent = (centre === selected ? "The selected box" : "The root") + " and its " + count +
      " neighbour" + (count === 1 ? "" : "s") + "; the rest dimmed.";
  }

  // Brings a box into the frame's view when it is outside it, centred.
  function reveal(group) {
    var box = group.getBoundingClientRect();
    var view = frame.getBoundingClientRect();
    var inside = box.left >= view.left && box.right <= view.left + frame.clientWidth &&
      box.top >= view.top && box.bottom <= view.top + frame.clientHeight;
    if (inside) return;
    frame.scrollLeft += box.left + box.width / 2 - (view.left + frame.clientWidth / 2);
    frame.scrollTop += box.top + box.height / 2 - (view.top + frame.clientHeight / 2);
  }

  function setFocusMode(on) {
    focusOn = on;
    focusButton.setAttribute("aria-pressed", on ? "true" : "false");
    paint();
    if (on && selected && boxById[selected]) reveal(boxById[selected]);
  }

  // viewer.js says which node is selected (a click, Enter on a box, a link in the panel or the text version).
  figure.addEventListener("argmap:select", function (event) {
    selected = event.detail && event.detail.id;
    paint();
    if (focusOn && boxById[selected]) reveal(boxById[selected]);
  });
})();
