// argmap viewer: makes the diagram's boxes selectable, fills the side panel from the JSON API, runs what-if.
// Map text only ever reaches the page through textContent and attribute setters, never as markup.
(function () {
  "use strict";

  // A printed page carries the text version open (browsers that cannot open it by CSS alone).
  var textVersion = document.querySelector("details.text-version");
  if (textVersion) {
    var wasOpen = textVersion.open;
    window.addEventListener("beforeprint", function () { wasOpen = textVersion.open; textVersion.open = true; });
    window.addEventListener("afterprint", function () { textVersion.open = wasOpen; });
  }

  // Empty fields of the redraw form mean "no limit": leave them out so shared URLs stay short.
  Array.prototype.forEach.call(document.querySelectorAll("form.controls"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value === "") field.disabled = true;
      });
    });
  });

  var figure = document.getElementById("diagram");
  if (!figure) return;
  var mapId = figure.getAttribute("data-map");
  var embedded = figure.classList.contains("embedded");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fixed(value, places) {
    return typeof value === "number" && isFinite(value) ? value.toFixed(places) : "–";
  }

  function signed(value) {
    if (typeof value !== "number" || !isFinite(value)) return "–";
    if (Math.abs(value) < 0.0005) return "○ 0.000 (no measurable effect)";
    return (value > 0 ? "▲ +" : "▼ −") + Math.abs(value).toFixed(3) + (value > 0 ? " (pro)" : " (con)");
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        return response.json().then(
          function (problem) {
            throw new Error(problem.detail || problem.title || "HTTP " + response.status);
          },
          function () {
            throw new Error("HTTP " + response.status);
          }
        );
      }
      return response.json();
    });
  }

  function enc(text) {
    return encodeURIComponent(text);
  }

  // The node id a box stands for: the fragment of its viewer link (/maps/<map>/view#node-<node>).
  function nodeIdOf(group) {
    var link = group.querySelector("a");
    var href = link && (link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
    var at = href ? href.indexOf("#node-") : -1;
    if (at < 0) return null;
    return decodeURIComponent(href.slice(at + "#node-".length));
  }

  var boxes = Array.prototype.slice.call(figure.querySelectorAll("g.map-node"));
  var boxById = {};
  boxes.forEach(function (group) {
    var id = nodeIdOf(group);
    if (id === null) return;
    boxById[id] = group;
    var link = group.querySelector("a");
    if (link) {
      link.setAttribute("role", "button");
      link.setAttribute("aria-label", (link.getAttributeNS("http://www.w3.org/1999/xlink", "title") || id));
    }
  });

  if (embedded) {
    // Below 480 px, a drawing shrunk past reading size gives way to its claims as a list (the stylesheet
    // guesses from the drawing's width alone when there is no script).
    var drawn = figure.querySelector(".svg-frame svg");
    var fit = function () {
      var natural = drawn ? drawn.width.baseVal.value : 0;
      var room = figure.clientWidth;
      figure.classList.add("measured");
      figure.classList.toggle("shrunk", room > 0 && room < 480 && natural > room * 1.1);
    };
    fit();
    window.addEventListener("resize", fit);
    // In someone else's page a box opens the full viewer on that node, in a new tab.
    var view = figure.getAttribute("data-view");
    figure.addEventListener("click", function (event) {
      var group = event.target.closest && event.target.closest("g.map-node");
      if (!group) return;
      event.preventDefault();
      var id = nodeIdOf(group);
      window.open(view + (id === null ? "" : "#node-" + encodeURIComponent(id)), "_blank", "noopener");
    });
    return;
  }

  // A drawing shrunk to fit a narrow column has text too small to read, and one at reading size may be far
  // wider than the column (it then pans): offer it drawn for this column, at reading size (the article
  // layout stacks the boxes; every text is at least 12 px).
  var drawing = figure.querySelector(".svg-frame svg");
  var frame = figure.querySelector(".svg-frame");
  var params = new URLSearchParams(location.search);
  if (drawing && frame && !params.get("layout")) {
    var natural = drawing.width.baseVal.value;
    var shown = drawing.getBoundingClientRect().width;
    var wide = shown > frame.clientWidth + 1;
    if (natural > 0 && shown > 0 && (shown < natural * 0.75 || wide)) {
      params.set("layout", "article");
      params.set("width", String(Math.floor(Math.min(shown, frame.clientWidth))));
      var readable = el("a", { id: "readable", href: location.pathname + "?" + params.toString() + location.hash },
        ["Draw it for this screen"]);
      var caption = document.getElementById("diagram-caption");
      var why = wide ? " The drawing is wider than the screen: " : " The drawing is shrunk to fit: ";
      if (caption) caption.appendChild(el("span", { class: "readable" }, [why, readable, "."]));
    }
  }

  var panel = document.getElementById("panel");
  var semantics = figure.getAttribute("data-semantics");
  var contribution = figure.getAttribute("data-contribution");
  var explicitRoot = figure.getAttribute("data-explicit-root");
  var defaultSource = figure.getAttribute("data-source");
  // The version drawn; on a fixed one (?version=N) every read asks for that version, so the panel and
  // what-if describe the drawing shown, not a newer map.
  var version = figure.getAttribute("data-version");
  var pinned = figure.getAttribute("data-pinned") === "true";
  var mapTitle = figure.getAttribute("data-title") || mapId;
  function at(url) {
    return pinned ? url + (url.indexOf("?") < 0 ? "?" : "&") + "version=" + enc(version) : url;
  }
  var analysis = "semantics=" + enc(semantics) + "&contribution=" + enc(contribution) +
    (explicitRoot ? "&root=" + enc(explicitRoot) : "");
  // A map read as a stored perspective: the panel's figures are that perspective's, as the drawing's are.
  var perspective = figure.getAttribute("data-perspective");
  if (perspective) analysis += "&perspective=" + enc(perspective);

  var scoresById = null;
  var documentNodes = null;
  var speakers = {};
  var scoresReady = getJSON(at("/maps/" + enc(mapId) + "/scores?" + analysis)).then(function (scores) {
    scoresById = {};
    scores.scores.forEach(function (row) { scoresById[row.id] = row; });
    return scores;
  });
  var documentReady = getJSON(at("/maps/" + enc(mapId) + "/document")).then(function (doc) {
    documentNodes = {};
    doc.nodes.forEach(function (node) { documentNodes[node.id] = node; });
    doc.speakers.forEach(function (speaker) { speakers[speaker.id] = speaker; });
    return doc;
  });

  // ---- what changed since an earlier version (?since=N): those boxes marked, and named in a list ----
  var since = figure.getAttribute("data-since");
  if (since) {
    getJSON("/maps/" + enc(mapId) + "/diff?from=" + enc(since) + "&to=" + enc(version)).then(function (diff) {
      var shown = [], elsewhere = 0, removed = 0;
      diff.nodes.forEach(function (node) {
        if (node.change === "removed") { removed += 1; return; }
        if (!boxById[node.id]) { elsewhere += 1; return; }
        boxById[node.id].classList.add("revised");
        shown.push(node);
      });
      var items = shown.map(function (node) {
        return el("li", {}, [el("a", { href: "#node-" + node.id, "data-node": node.id }, [node.text]),
          " (" + node.change + ")"]);
      });
      var counts = [];
      if (elsewhere) counts.push(elsewhere + " more not drawn here");
      if (removed) counts.push(removed + " removed");
      var note = el("div", { id: "changes-since", class: "changes-since", role: "status" }, [
        el("p", {}, [shown.length ? "Changed since version " + since + " (marked with a dotted purple border): " :
          "Nothing drawn here changed since version " + since + ".",
          counts.length ? " " + counts.join("; ") + "." : "", " ",
          el("a", { href: "/maps/" + enc(mapId) + "/diff?from=" + enc(since) + "&to=" + enc(version) + "&format=html" },
            ["Every change"])]),
        items.length ? el("ul", {}, items) : null,
      ]);
      var caption = document.getElementById("diagram-caption");
      caption.parentNode.insertBefore(note, caption.nextSibling);
    }).catch(function (error) {
      var caption = document.getElementById("diagram-caption");
      caption.appendChild(el("span", { class: "error" }, [" Could not compare with version " + since + ": " + error.message]));
    });
  }

  // ---- what-if state ----
  var whatIf = { base_scores: {}, remove_nodes: [], remove_relations: [] };
  var selected = null;

  function relationKey(source, target) {
    return source + "\u0000" + target;
  }

  function relationRemoved(source, target) {
    return whatIf.remove_relations.some(function (r) { return relationKey(r.source, r.target) === relationKey(source, target); });
  }

  function setRelationRemoved(source, target, removed) {
    whatIf.remove_relations = whatIf.remove_relations.filter(function (r) {
      return relationKey(r.source, r.target) !== relationKey(source, target);
    });
    if (removed) whatIf.remove_relations.push({ source: source, target: target });
    scheduleWhatIf();
  }

  // ---- selection ----
  function select(id, focusPanel) {
    if (selected && boxById[selected]) {
      boxById[selected].classList.remove("selected");
      boxById[selected].removeAttribute("aria-current");
    }
    selected = id;
    if (boxById[id]) {
      boxById[id].classList.add("selected");
      boxById[id].setAttribute("aria-current", "true");
    }
    if (history.replaceState) history.replaceState(null, "", "#node-" + id);
    // explore.js follows the selection in focus mode.
    figure.dispatchEvent(new CustomEvent("argmap:select", { detail: { id: id } }));
    showPanel(id, focusPanel);
  }

  function showPanel(id, focusPanel) {
    panel.replaceChildren(el("h2", { id: "panel-heading" }, ["Loading…"]));
    panel.setAttribute("aria-busy", "true");
    Promise.all([
      getJSON(at("/claims/" + enc(mapId) + "/" + enc(id))),
      scoresReady.catch(function () { return null; }),
      documentReady.catch(function () { return null; }),
    ]).then(function (results) {
      if (selected !== id) return;
      renderPanel(results[0]);
      panel.removeAttribute("aria-busy");
      if (focusPanel) panel.focus();
    }).catch(function (error) {
      panel.replaceChildren(el("h2", { id: "panel-heading" }, ["Node details"]),
        el("p", { class: "error" }, ["Could not load this node: " + error.message]));
      panel.removeAttribute("aria-busy");
    });
  }

  function nodeLink(related) {
    var link = el("a", { href: "#node-" + related.id, "data-node": related.id }, [related.text]);
    var meta = related.kind + (related.weight ? ", weight " + related.weight : "");
    return el("li", {}, [link, " ", el("span", { class: "meta" }, ["(" + related.relation + "; " + meta + ")"])]);
  }

  function relationList(title, items, outgoing) {
    if (!items || !items.length) return null;
    var list = el("ul", { class: "related" }, []);
    items.forEach(function (related) {
      var item = nodeLink(related);
      var source = outgoing ? selected : related.id;
      var target = outgoing ? related.id : selected;
      var box = el("input", { type: "checkbox", "data-source": source, "data-target": target });
      box.checked = relationRemoved(source, target);
      box.addEventListener("change", function () { setRelationRemoved(source, target, box.checked); });
      item.appendChild(el("label", { class: "toggle" }, [box, " what if this relation were gone"]));
      list.appendChild(item);
    });
    return el("section", {}, [el("h3", {}, [title + " (" + items.length + ")"]), list]);
  }

  function quoteBlock(quote) {
    var source = quote.source || defaultSource;
    var block = el("blockquote", { class: "quote" }, [
      el("span", { class: "before" }, []),
      el("mark", {}, [quote.text]),
      el("span", { class: "after" }, []),
    ]);
    var cite = el("p", { class: "cite" }, ["Source: " + source + ", characters " + quote.start + "–" + quote.end]);
    if (source) {
      getJSON("/sources/" + enc(source) + "?start=" + quote.start + "&end=" + quote.end).then(function (span) {
        block.querySelector(".before").textContent = "…" + span.before;
        block.querySelector(".after").textContent = span.after + "…";
      }).catch(function () { /* the quote itself is already shown */ });
    }
    return el("div", { class: "quote-wrap" }, [block, cite]);
  }

  function evidenceBlock(evidence) {
    if (!evidence) return null;
    var rows = (evidence.observations || []).map(function (o) {
      return el("tr", {}, [
        el("td", {}, [o.date || ""]),
        el("td", {}, [o.system || ""]),
        el("td", {}, [String(o.value) + (o.unit ? " " + o.unit : "") + (o.approximate ? " (approx.)" : "") + (o.forecast ? " (forecast)" : "")]),
        el("td", {}, [o.note || ""]),
      ]);
    });
    var table = el("table", {}, [
      el("caption", {}, [evidence.metric]),
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Date"]), el("th", { scope: "col" }, ["System"]), el("th", { scope: "col" }, ["Value"]), el("th", { scope: "col" }, ["Note"])])]),
      el("tbody", {}, rows),
    ]);
    return el("section", {}, [el("h3", {}, ["Evidence"]), table]);
  }

  function checksBlock(checks) {
    if (!checks || !checks.length) return null;
    var list = el("ul", { class: "checks" }, checks.map(function (check) {
      return el("li", { class: check.agrees ? "agrees" : "disagrees" }, [
        el("strong", {}, [check.agrees ? "✓ Agrees: " : "✗ Does not agree: "]),
        check.explanation,
      ]);
    }));
    return el("section", {}, [el("h3", {}, ["Checked arithmetic"]), list]);
  }

  function whatIfControls(claim) {
    var current = claim.id in whatIf.base_scores ? whatIf.base_scores[claim.id] : claim.base_score;
    var slider = el("input", { type: "range", id: "whatif-base", min: "0", max: "1", step: "0.05", value: String(current), "aria-describedby": "whatif-base-value" });
    var output = el("output", { id: "whatif-base-value", for: "whatif-base" }, [fixed(current, 2)]);
    slider.addEventListener("input", function () { output.textContent = fixed(Number(slider.value), 2); });
    slider.addEventListener("change", function () {
      var value = Number(slider.value);
      if (Math.abs(value - claim.base_score) < 1e-9) delete whatIf.base_scores[claim.id];
      else whatIf.base_scores[claim.id] = value;
      scheduleWhatIf();
    });
    var remove = el("input", { type: "checkbox", id: "whatif-remove" });
    remove.checked = whatIf.remove_nodes.indexOf(claim.id) >= 0;
    remove.addEventListener("change", function () {
      whatIf.remove_nodes = whatIf.remove_nodes.filter(function (n) { return n !== claim.id; });
      if (remove.checked) whatIf.remove_nodes.push(claim.id);
      scheduleWhatIf();
    });
    return el("section", { class: "whatif-node" }, [
      el("h3", {}, ["What if…"]),
      el("label", { for: "whatif-base" }, ["Base score (editors' " + fixed(claim.base_score, 2) + "): "]),
      slider, " ", output,
      el("p", {}, [el("label", {}, [remove, " what if this node were gone"])]),
    ]);
  }

  // A link to this node as it stands in this version: it keeps showing the same words and figures however
  // the map changes later, for an article or a worksheet to cite.
  function permalinkOf(id) {
    var query = new URLSearchParams(location.search);
    query.set("version", version);
    return location.origin + location.pathname + "?" + query.toString() + "#node-" + enc(id);
  }

  function citeBlock(claim) {
    var link = permalinkOf(claim.id);
    var citation = (claim.speaker && claim.speaker.name ? claim.speaker.name + ": " : "") + "\u201c" + claim.text +
      "\u201d In \u201c" + mapTitle + "\u201d, argument map version " + version + ". " + link;
    var field = el("textarea", { id: "cite-text", rows: "3", readonly: "readonly", "aria-label": "Citation" }, [citation]);
    var copy = el("button", { type: "button", id: "cite-copy" }, ["Copy"]);
    var done = el("span", { class: "status", role: "status" }, []);
    copy.addEventListener("click", function () {
      field.select();
      var copied = navigator.clipboard && navigator.clipboard.writeText ? navigator.clipboard.writeText(citation) :
        Promise.reject(new Error("no clipboard"));
      copied.then(function () { done.textContent = " Copied."; }, function () {
        done.textContent = " Selected: copy it with Ctrl+C.";
      });
    });
    return el("section", { class: "cite-node" }, [
      el("h3", {}, ["Cite this node"]),
      el("p", {}, ["As it stands in version " + version + " (this link never changes): ",
        el("a", { id: "cite-link", href: link }, [link])]),
      field, el("p", {}, [copy, done]),
    ]);
  }

  function renderPanel(claim) {
    var row = scoresById ? scoresById[claim.id] : null;
    var docNode = documentNodes ? documentNodes[claim.id] : null;
    var reporter = docNode && docNode.reported_by ? (speakers[docNode.reported_by] || { name: docNode.reported_by }) : null;
    var facts = el("dl", { class: "facts" }, []);
    function fact(term, value) {
      if (value === null || value === undefined || value === "") return;
      facts.appendChild(el("dt", {}, [term]));
      facts.appendChild(el("dd", {}, [value]));
    }
    fact("Kind", claim.kind);
    fact("Said by", claim.speaker.name + (claim.speaker.role ? " (" + claim.speaker.role + ")" : ""));
    fact("Reported by", reporter ? reporter.name : null);
    fact("Strength", fixed(row ? row.strength : claim.strength, 3) + " (0 to 1, " + semantics + ")");
    fact("Contribution to the root", signed(row ? row.contribution : claim.contribution));
    fact("Rank by weight carried", row ? (row.rank === null ? "the root" : "#" + row.rank) : null);
    fact("Base score", fixed(claim.base_score, 2) + ": " + claim.rationale);
    fact("Date", claim.date);
    var quotes = (claim.quotes || []).map(quoteBlock);
    var children = [
      el("h2", { id: "panel-heading" }, [claim.text]),
      el("p", { class: "permalink" }, [el("a", { href: "/claims/" + enc(mapId) + "/" + enc(claim.id) + "?version=" + enc(version) }, ["JSON of this node"]), " · id " + claim.id]),
      facts,
      citeBlock(claim),
      quotes.length ? el("section", {}, [el("h3", {}, ["Quotes (" + quotes.length + ")"])].concat(quotes)) : el("p", { class: "meta" }, ["No quote anchors this node."]),
      evidenceBlock(claim.evidence),
      checksBlock(claim.computations),
      whatIfControls(claim),
      relationList("Supported by", claim.supporters, false),
      relationList("Attacked by", claim.attackers, false),
      relationList("Qualified by", claim.qualifiers, false),
      relationList("Bears on", claim.bears_on, true),
    ];
    panel.replaceChildren.apply(panel, children.filter(function (c) { return c; }));
  }

  // ---- what-if requests ----
  var timer = null;
  var sequence = 0;
  var statusLine = document.getElementById("whatif-status");

  function scheduleWhatIf() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(runWhatIf, 150);
  }

  function changeCount() {
    return Object.keys(whatIf.base_scores).length + whatIf.remove_nodes.length + whatIf.remove_relations.length;
  }

  function runWhatIf() {
    var mine = ++sequence;
    var body = {
      base_scores: whatIf.base_scores,
      remove_nodes: whatIf.remove_nodes,
      remove_relations: whatIf.remove_relations,
      semantics: semantics,
      contribution: contribution,
    };
    if (explicitRoot) body.root = explicitRoot;
    statusLine.textContent = "Recomputing…";
    getJSON(at("/maps/" + enc(mapId) + "/what-if"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (outcome) {
      if (mine !== sequence) return;
      showOutcome(outcome);
    }).catch(function (error) {
      if (mine !== sequence) return;
      statusLine.textContent = "What-if failed: " + error.message;
    });
  }

  function showOutcome(outcome) {
    var delta = outcome.root_strength_after - outcome.root_strength_before;
    document.getElementById("whatif-before").textContent = fixed(outcome.root_strength_before, 3);
    document.getElementById("whatif-after").textContent = fixed(outcome.root_strength_after, 3);
    document.getElementById("whatif-delta").textContent = Math.abs(delta) < 0.0005 ? "(no change)" :
      "(" + (delta > 0 ? "▲ up " : "▼ down ") + Math.abs(delta).toFixed(3) + ")";
    var n = changeCount();
    statusLine.textContent = n ? n + " change" + (n === 1 ? "" : "s") + " applied." : "No changes: the map as written.";
    var moved = outcome.rows.filter(function (r) { return r.removed || (r.strength_delta !== null && Math.abs(r.strength_delta) >= 0.0005); });
    moved.sort(function (a, b) { return Math.abs(b.strength_delta || 1) - Math.abs(a.strength_delta || 1); });
    var list = document.getElementById("whatif-changes");
    list.replaceChildren.apply(list, moved.slice(0, 8).map(function (r) {
      var text = documentNodes && documentNodes[r.id] ? documentNodes[r.id].text : r.id;
      var change = r.removed ? "removed" : fixed(r.strength_before, 3) + " → " + fixed(r.strength_after, 3) +
        " (" + (r.strength_delta > 0 ? "+" : "−") + Math.abs(r.strength_delta).toFixed(3) + ")";
      return el("li", {}, [el("a", { href: "#node-" + r.id, "data-node": r.id }, [text]), " " + change]);
    }));
    boxes.forEach(function (group) { group.classList.remove("changed"); });
    moved.forEach(function (r) { if (boxById[r.id]) boxById[r.id].classList.add("changed"); });
  }

  document.getElementById("whatif-reset").addEventListener("click", function () {
    whatIf = { base_scores: {}, remove_nodes: [], remove_relations: [] };
    if (selected) showPanel(selected, false);
    runWhatIf();
  });

  // ---- events ----
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    var group = target.closest("g.map-node");
    var link = target.closest("[data-node]");
    if (group && figure.contains(group)) {
      event.preventDefault();
      var id = nodeIdOf(group);
      if (id !== null) select(id, false);
    } else if (link) {
      event.preventDefault();
      select(link.getAttribute("data-node"), true);
      if (boxById[link.getAttribute("data-node")]) boxById[link.getAttribute("data-node")].querySelector("a").focus();
    }
  });

  figure.addEventListener("keydown", function (event) {
    var group = event.target.closest && event.target.closest("g.map-node");
    if (!group) return;
    var index = boxes.indexOf(group);
    var next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = boxes[(index + 1) % boxes.length];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = boxes[(index - 1 + boxes.length) % boxes.length];
    else if (event.key === "Home") next = boxes[0];
    else if (event.key === "End") next = boxes[boxes.length - 1];
    else if (event.key === " ") {
      event.preventDefault();
      select(nodeIdOf(group), false);
      return;
    }
    if (next) {
      event.preventDefault();
      next.querySelector("a").focus();
    }
  });

  var hash = decodeURIComponent(location.hash || "");
  if (hash.indexOf("#node-") === 0) {
    var fromHash = hash.slice("#node-".length);
    select(fromHash, false);
  }
})();
