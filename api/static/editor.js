// argmap map editor (api/pages_editor.py): /maps/new and /maps/{id}/edit.
// The source text on one side: selected words become a node with that quote, or a quote of the selected node.
// The nodes on the other: text, kind, speaker, base score, quotes and connections. The unsaved document is
// checked and scored by POST /drafts/check as one edits, drawn by POST /drafts/diagram, and saved by PUT
// /maps/{id} with If-Match (POST /maps for a new text). A draft not saved is kept in localStorage under the
// map's id, so a reload loses nothing. Map text only ever reaches the page through textContent and values.
(function () {
  "use strict";

  var main = document.querySelector("main.map-editor");
  if (!main) return;

  // -- small helpers ---------------------------------------------------------------------------------------
  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(select, pairs, chosen) {
    select.textContent = "";
    pairs.forEach(function (pair) {
      var option = el("option", { value: pair[0] }, [pair[1]]);
      option.selected = pair[0] === chosen;
      select.appendChild(option);
    });
  }

  function say(element, text, kind) {
    element.textContent = text;
    element.hidden = !text;
    element.classList.toggle("problem", kind === "problem");
    element.classList.toggle("ok", kind === "ok");
  }

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // A slug as the map format wants ids: lower-case letters, digits and hyphens, a few words long.
  function slug(text, words) {
    var cut = String(text)
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim()
      .split(" ")
      .slice(0, words || 5)
      .join("-");
    return cut.slice(0, 60).replace(/-+$/, "") || "node";
  }

  function unique(base, taken) {
    if (taken.indexOf(base) < 0) return base;
    for (var n = 2; ; n += 1) if (taken.indexOf(base + "-" + n) < 0) return base + "-" + n;
  }

  function randomSuffix() {
    var bytes = new Uint8Array(4);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b % 36).toString(36);
    }).join("");
  }

  // The server counts offsets in code points, the browser in UTF-16 units: they differ past an emoji.
  function toPoints(text, units) {
    return Array.from(text.slice(0, units)).length;
  }

  function toUnits(text, points) {
    var units = 0;
    var seen = 0;
    while (seen < points && units < text.length) {
      var code = text.charCodeAt(units);
      units += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      seen += 1;
    }
    return units;
  }

  function choicesOf(name) {
    try {
      return JSON.parse(main.getAttribute(name) || "[]");
    } catch (error) {
      return [];
    }
  }

  var KINDS = choicesOf("data-kinds");
  var RELATIONS = choicesOf("data-relations");
  var VOICES = choicesOf("data-voices");
  var VISIBILITY = choicesOf("data-visibility");
  var VOICE_VALUES = VOICES.map(function (pair) {
    return pair[0];
  });
  var NEW_SPEAKER = "\u0000new";
  var user = main.getAttribute("data-user") || "reader";
  var userName = main.getAttribute("data-user-name") || "A reader";
  var isNew = main.getAttribute("data-new") === "true";

  // -- talking to the server -------------------------------------------------------------------------------
  function problemOf(response) {
    return response
      .json()
      .then(
        function (body) {
          return body && typeof body === "object" ? body : {};
        },
        function () {
          return {};
        }
      )
      .then(function (body) {
        body.status = response.status;
        body.detail = body.detail || body.title || "the server answered " + response.status;
        return body;
      });
  }

  var UNREACHABLE = { status: 0, detail: "the server could not be reached: check your connection and try again" };
  var csrf = null;

  function csrfToken() {
    if (csrf) return Promise.resolve(csrf);
    return fetch("/me", { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(
        function (me) {
          csrf = (me && me.csrf) || null;
          return csrf;
        },
        function () {
          return null;
        }
      );
  }

  function call(method, url, headers, body) {
    return csrfToken()
      .then(function (token) {
        var sent = { Accept: "application/json" };
        Object.keys(headers).forEach(function (name) {
          sent[name] = headers[name];
        });
        if (token && method !== "GET") sent["X-CSRF-Token"] = token;
        return fetch(url, { method: method, headers: sent, body: body, credentials: "same-origin", cache: "no-store" })
          .catch(function () {
            throw UNREACHABLE;
          });
      })
      .then(function (response) {
        if (response.ok) return response;
        if (response.status === 403) csrf = null; // a session renewed elsewhere has a new token
        return problemOf(response).then(function (problem) {
          throw problem;
        });
      });
  }

  function mapUrl(id) {
    return "/maps/" + encodeURIComponent(id);
  }

  // -- state -----------------------------------------------------------------------------------------------
  var mapId = main.getAttribute("data-map") || "";
  var doc = null; // the document as edited
  var base = null; // the document as last read from or saved to the server
  var etag = null; // the ETag of ``base``: the save's If-Match
  var created = !isNew; // a new text's map exists once its first save is answered
  var selected = null; // the id of the selected node
  var comments = [];
  var strengths = {};
  var rootId = null;

  function storageKey() {
    return "argmap-editor:" + (isNew && !created ? "new" : mapId);
  }

  function unsaved() {
    return !base || JSON.stringify(doc) !== JSON.stringify(base);
  }

  // Every change is kept at once: a reload, a closed tab or a crash loses nothing typed.
  function keep() {
    try {
      if (unsaved()) {
        window.localStorage.setItem(
          storageKey(),
          JSON.stringify({ doc: doc, etag: etag, base: base, mapId: mapId, at: new Date().toISOString() })
        );
      } else {
        window.localStorage.removeItem(storageKey());
      }
    } catch (error) {
      // Storage full or refused (a private window): the editor still works, only without the safety net.
    }
  }

  function kept() {
    try {
      var raw = window.localStorage.getItem(storageKey());
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key || storageKey());
    } catch (error) {
      // nothing kept, nothing to forget
    }
  }

  // -- elements --------------------------------------------------------------------------------------------
  var workspace = byId("workspace");
  var titleInput = byId("map-title-edit");
  var visibility = byId("visibility");
  var saveButton = byId("save");
  var saveStatus = byId("save-status");
  var restored = byId("restored");
  var conflict = byId("conflict");
  var problems = byId("problems");
  var problemList = byId("problem-list");
  var sourceChoice = byId("source-choice");
  var sourceText = byId("source-text");
  var selectionWords = byId("selection-words");
  var newKind = byId("new-kind");
  var newSpeaker = byId("new-speaker");
  var newSpeakerName = byId("new-speaker-name");
  var newSpeakerLabel = byId("new-speaker-name-label");
  var newVoice = byId("new-voice");
  var newLink = byId("new-link");
  var newTarget = byId("new-target");
  var nodeList = byId("node-list");
  var thesisStrength = byId("thesis-strength");
  var findingsSummary = byId("findings-summary");
  var findingList = byId("finding-list");
  var preview = byId("preview");
  var previewStatus = byId("preview-status");

  // -- the source text -------------------------------------------------------------------------------------
  function textSources() {
    return (doc.sources || []).filter(function (source) {
      return typeof source.text === "string";
    });
  }

  function shownSource() {
    var sources = textSources();
    return (
      sources.filter(function (source) {
        return source.id === sourceChoice.value;
      })[0] ||
      sources[0] ||
      null
    );
  }

  function renderSource() {
    var sources = textSources();
    var chosen = shownSource();
    fill(
      sourceChoice,
      sources.map(function (source) {
        return [source.id, source.title || source.id];
      }),
      chosen ? chosen.id : ""
    );
    sourceChoice.hidden = sources.length < 2;
    sourceChoice.previousElementSibling.hidden = sources.length < 2;
    if (sourceText.value !== (chosen ? chosen.text : "")) sourceText.value = chosen ? chosen.text : "";
    sourceText.disabled = !chosen;
  }

  // The selection in the text, its ends moved past spaces (a quote starts and ends on words).
  function selection() {
    var start = sourceText.selectionStart;
    var end = sourceText.selectionEnd;
    var value = sourceText.value;
    while (start < end && /\s/.test(value.charAt(start))) start += 1;
    while (end > start && /\s/.test(value.charAt(end - 1))) end -= 1;
    if (end <= start) return null;
    return { start: start, end: end, text: value.slice(start, end) };
  }

  function showSelection() {
    var chosen = selection();
    selectionWords.textContent = chosen
      ? "\u201c" + (chosen.text.length > 160 ? chosen.text.slice(0, 157) + "\u2026" : chosen.text) + "\u201d"
      : "Nothing selected.";
  }

  // The text is the source as published: it takes the caret and a selection (by mouse, or Shift and the arrow
  // keys, which a readonly box would refuse in some browsers) but no change.
  ["beforeinput", "paste", "cut", "drop"].forEach(function (name) {
    sourceText.addEventListener(name, function (event) {
      event.preventDefault();
    });
  });
  sourceText.addEventListener("input", function () {
    var source = shownSource();
    if (source && sourceText.value !== source.text) sourceText.value = source.text;
  });

  ["select", "keyup", "mouseup", "focus"].forEach(function (name) {
    sourceText.addEventListener(name, showSelection);
  });
  sourceChoice.addEventListener("change", function () {
    renderSource();
    showSelection();
  });

  function quoteOf(chosen, voice) {
    var source = shownSource();
    var quote = {
      start: toPoints(source.text, chosen.start),
      end: toPoints(source.text, chosen.end),
      text: chosen.text,
      source: source.id,
    };
    if (voice) quote.provenance = voice;
    return quote;
  }

  function showQuote(quote) {
    var source = textSources().filter(function (item) {
      return item.id === (quote.source || (textSources()[0] || {}).id);
    })[0];
    if (!source) return;
    if (sourceChoice.value !== source.id) {
      sourceChoice.value = source.id;
      renderSource();
    }
    var start = toUnits(source.text, quote.start);
    var end = toUnits(source.text, quote.end);
    sourceText.focus();
    sourceText.setSelectionRange(start, end);
    // Bring the words into view: a line's height per line before them, approximately.
    var before = source.text.slice(0, start).split("\n").length;
    var height = parseFloat(window.getComputedStyle(sourceText).lineHeight) || 22;
    sourceText.scrollTop = Math.max(0, (before - 3) * height);
    showSelection();
  }

  // -- the menus of the quote tools ------------------------------------------------------------------------
  function author() {
    var source = shownSource();
    return source && source.written_by ? source.written_by : null;
  }

  function defaultVoice(speaker) {
    var by = author();
    if (!by) return "";
    if (speaker === by) return "author-voice";
    if (speaker === user && VOICE_VALUES.indexOf("author-cited") >= 0) return "author-cited";
    return "speaker-words";
  }

  function speakerPairs() {
    return doc.speakers.map(function (speaker) {
      return [speaker.id, speaker.name + (speaker.id === author() ? " (the author)" : "")];
    });
  }

  function nodeLabel(node) {
    var words = node.text.length > 48 ? node.text.slice(0, 45) + "\u2026" : node.text;
    return node.id + ": " + words;
  }

  function hasThesis() {
    return doc.nodes.some(function (node) {
      return node.kind === "thesis";
    });
  }

  function thesisId() {
    if (doc.root) return doc.root;
    var thesis = doc.nodes.filter(function (node) {
      return node.kind === "thesis";
    })[0];
    return thesis ? thesis.id : null;
  }

  function renderTools() {
    var kind = newKind.value || (hasThesis() ? "claim" : "thesis");
    if (!hasThesis()) kind = "thesis";
    fill(newKind, KINDS, kind);
    var speaker = newSpeaker.value && newSpeaker.value !== NEW_SPEAKER ? newSpeaker.value : author() || user;
    fill(newSpeaker, speakerPairs().concat([[NEW_SPEAKER, "A new speaker\u2026"]]), speaker);
    var speakerKnown = doc.speakers.some(function (item) {
      return item.id === newSpeaker.value;
    });
    if (!speakerKnown && doc.speakers.length) newSpeaker.value = doc.speakers[0].id;
    newSpeakerName.hidden = newSpeakerLabel.hidden = newSpeaker.value !== NEW_SPEAKER;
    var voice = newVoice.getAttribute("data-touched") ? newVoice.value : defaultVoice(newSpeaker.value);
    fill(newVoice, [["", "not recorded"]].concat(VOICES), voice);
    var link = newLink.value || "supports";
    fill(newLink, [["", "\u2014 not connected \u2014"]].concat(RELATIONS), link);
    var target = selected || newTarget.value || thesisId() || "";
    fill(
      newTarget,
      doc.nodes.map(function (node) {
        return [node.id, nodeLabel(node)];
      }),
      target
    );
    newTarget.disabled = newLink.disabled = !doc.nodes.length;
    byId("quote-add").disabled = !selected;
  }

  newSpeaker.addEventListener("change", function () {
    newSpeakerName.hidden = newSpeakerLabel.hidden = newSpeaker.value !== NEW_SPEAKER;
    if (newSpeaker.value === NEW_SPEAKER) newSpeakerName.focus();
    newVoice.removeAttribute("data-touched");
    fill(newVoice, [["", "not recorded"]].concat(VOICES), defaultVoice(newSpeaker.value));
  });
  newVoice.addEventListener("change", function () {
    newVoice.setAttribute("data-touched", "yes");
  });

  // The speaker the tools name, made when it is a new one.
  function chosenSpeaker() {
    if (newSpeaker.value !== NEW_SPEAKER) return newSpeaker.value;
    var name = newSpeakerName.value.trim();
    if (!name) return null;
    var id = unique(
      slug(name, 4),
      doc.speakers.map(function (speaker) {
        return speaker.id;
      })
    );
    doc.speakers.push({ id: id, name: name });
    newSpeakerName.value = "";
    return id;
  }

  var toolStatus = el("p", { class: "status", role: "status", "aria-live": "polite", id: "quote-status" }, []);
  byId("quote-add").parentNode.appendChild(toolStatus);

  byId("quote-new-node").addEventListener("click", function () {
    var chosen = selection();
    if (!chosen) {
      say(toolStatus, "Select some words in the text first.", "problem");
      return;
    }
    var speaker = chosenSpeaker();
    if (!speaker) {
      say(toolStatus, "Type the new speaker's name first.", "problem");
      newSpeakerName.focus();
      return;
    }
    var ids = doc.nodes.map(function (node) {
      return node.id;
    });
    var node = {
      id: unique(slug(chosen.text), ids),
      kind: newKind.value,
      text: chosen.text.slice(0, 2000),
      speaker: speaker,
      base_score: 0.5,
      rationale: "Not yet argued.",
      quotes: [quoteOf(chosen, newVoice.value)],
    };
    doc.nodes.push(node);
    if (newLink.value && newTarget.value && node.kind !== "thesis") {
      doc.relations.push({ source: node.id, target: newTarget.value, type: newLink.value });
    }
    newKind.value = "";
    say(toolStatus, "Node " + node.id + " added: write it in your own words.", "ok");
    changed({ structure: true });
    var box = nodeList.querySelector('li[data-node="' + CSS.escape(node.id) + '"] textarea.node-text');
    if (box) box.focus();
  });

  byId("quote-add").addEventListener("click", function () {
    var chosen = selection();
    var node = nodeById(selected);
    if (!chosen || !node) {
      say(toolStatus, node ? "Select some words in the text first." : "Select a node first.", "problem");
      return;
    }
    var voice = newVoice.getAttribute("data-touched") ? newVoice.value : defaultVoice(node.speaker);
    node.quotes = node.quotes || [];
    node.quotes.push(quoteOf(chosen, voice));
    say(toolStatus, "Quote added to " + node.id + ".", "ok");
    changed({ structure: true });
    sourceText.focus();
  });

  byId("add-node").addEventListener("click", function () {
    var speaker = author() || (doc.speakers[0] || {}).id;
    var node = {
      id: unique("node", doc.nodes.map(function (item) {
        return item.id;
      })),
      kind: hasThesis() ? "claim" : "thesis",
      text: "A proposition, in your own words.",
      speaker: speaker,
      base_score: 0.5,
      rationale: "Not yet argued.",
    };
    doc.nodes.push(node);
    selected = node.id;
    changed({ structure: true });
    var box = nodeList.querySelector('li[data-node="' + CSS.escape(node.id) + '"] textarea.node-text');
    if (box) {
      box.focus();
      box.select();
    }
  });

  // -- the node list ---------------------------------------------------------------------------------------
  function nodeById(id) {
    return doc.nodes.filter(function (node) {
      return node.id === id;
    })[0];
  }

  function field(label, control) {
    var id = control.id;
    return el("div", { class: "field" }, [el("label", { for: id }, [label]), control]);
  }

  function strengthText(id) {
    return typeof strengths[id] === "number" ? "strength " + strengths[id].toFixed(2) : "";
  }

  function renderNode(node, index) {
    var key = "n" + index;
    var item = el("li", { class: "node-card" + (node.id === selected ? " selected" : ""), "data-node": node.id }, []);
    var choose = el(
      "button",
      { type: "button", class: "choose", "aria-pressed": node.id === selected ? "true" : "false", id: key + "-choose" },
      [node.id === selected ? "Selected" : "Select"]
    );
    choose.setAttribute("aria-label", "Select node " + node.id);
    choose.addEventListener("click", function () {
      selected = node.id === selected ? null : node.id;
      renderNodes();
      renderTools();
      var again = byId(key + "-choose");
      if (again) again.focus();
    });
    var head = el("div", { class: "node-head" }, [
      choose,
      el("code", { class: "node-id" }, [node.id]),
      el("span", { class: "badge kind-" + node.kind }, [node.kind]),
      el("span", { class: "strength", "data-strength": node.id }, [strengthText(node.id)]),
    ]);
    item.appendChild(head);

    var text = el("textarea", { id: key + "-text", class: "node-text", rows: "2", maxlength: "2000" }, []);
    text.value = node.text;
    text.addEventListener("input", function () {
      node.text = text.value;
      changed({});
    });
    item.appendChild(field("Text, in your own words", text));

    var row = el("div", { class: "node-row" }, []);
    var kind = el("select", { id: key + "-kind" }, []);
    fill(kind, KINDS, node.kind);
    kind.addEventListener("change", function () {
      node.kind = kind.value;
      changed({ structure: true, focus: key + "-kind" });
    });
    row.appendChild(field("Kind", kind));
    var speaker = el("select", { id: key + "-speaker" }, []);
    fill(speaker, speakerPairs(), node.speaker);
    speaker.addEventListener("change", function () {
      node.speaker = speaker.value;
      changed({});
    });
    row.appendChild(field("Speaker", speaker));
    item.appendChild(row);

    var score = el("input", { id: key + "-score", type: "range", min: "0", max: "1", step: "0.05" }, []);
    score.value = String(node.base_score);
    var shown = el("output", { for: key + "-score", id: key + "-score-value" }, [Number(node.base_score).toFixed(2)]);
    score.addEventListener("input", function () {
      node.base_score = Number(score.value);
      shown.textContent = node.base_score.toFixed(2);
      changed({});
    });
    item.appendChild(
      el("div", { class: "field score" }, [el("label", { for: key + "-score" }, ["Base score"]), score, shown])
    );

    var rationale = el("input", { id: key + "-rationale", maxlength: "2000" }, []);
    rationale.value = node.rationale || "";
    rationale.addEventListener("input", function () {
      node.rationale = rationale.value;
      changed({});
    });
    item.appendChild(field("Why this score", rationale));

    if (node.quotes && node.quotes.length) {
      var quotes = el("ul", { class: "quotes", "aria-label": "Quotes of " + node.id }, []);
      node.quotes.forEach(function (quote, number) {
        var qkey = key + "-q" + number;
        var voice = el("select", { id: qkey + "-voice" }, []);
        fill(voice, [["", "not recorded"]].concat(VOICES), quote.provenance || "");
        voice.addEventListener("change", function () {
          if (voice.value) quote.provenance = voice.value;
          else delete quote.provenance;
          changed({});
        });
        var show = el("button", { type: "button", class: "small" }, ["Show in the text"]);
        show.addEventListener("click", function () {
          showQuote(quote);
        });
        var remove = el("button", { type: "button", class: "small quiet" }, ["Remove quote"]);
        remove.setAttribute("aria-label", "Remove quote " + (number + 1) + " of " + node.id);
        remove.addEventListener("click", function () {
          node.quotes.splice(number, 1);
          if (!node.quotes.length) delete node.quotes;
          changed({ structure: true, focus: key + "-text" });
        });
        quotes.appendChild(
          el("li", {}, [
            el("q", {}, [quote.text]),
            el("div", { class: "quote-row" }, [el("label", { for: qkey + "-voice" }, ["Voice"]), voice, show, remove]),
          ])
        );
      });
      item.appendChild(quotes);
    }

    var outgoing = doc.relations.filter(function (relation) {
      return relation.source === node.id;
    });
    if (outgoing.length) {
      var links = el("ul", { class: "links-out", "aria-label": "What " + node.id + " bears on" }, []);
      outgoing.forEach(function (relation, number) {
        var rkey = key + "-r" + number;
        var type = el("select", { id: rkey + "-type", "aria-label": "How " + node.id + " bears on " + relation.target }, []);
        fill(type, RELATIONS, relation.type);
        type.addEventListener("change", function () {
          relation.type = type.value;
          changed({});
        });
        var weight = el(
          "input",
          { id: rkey + "-weight", type: "number", min: "0.05", max: "1", step: "0.05", class: "weight" },
          []
        );
        weight.value = relation.weight === undefined || relation.weight === null ? "1" : String(relation.weight);
        weight.addEventListener("input", function () {
          var value = Number(weight.value);
          if (weight.value === "" || value === 1) delete relation.weight;
          else relation.weight = value;
          changed({});
        });
        var remove = el("button", { type: "button", class: "small quiet" }, ["Disconnect"]);
        remove.setAttribute("aria-label", "Disconnect " + node.id + " from " + relation.target);
        remove.addEventListener("click", function () {
          doc.relations.splice(doc.relations.indexOf(relation), 1);
          changed({ structure: true, focus: key + "-connect-type" });
        });
        var target = nodeById(relation.target);
        links.appendChild(
          el("li", {}, [
            type,
            " ",
            el("span", { class: "target" }, [target ? nodeLabel(target) : relation.target]),
            el("label", { for: rkey + "-weight" }, ["weight"]),
            weight,
            remove,
          ])
        );
      });
      item.appendChild(links);
    }

    var others = doc.nodes.filter(function (other) {
      return other.id !== node.id;
    });
    if (others.length) {
      var ctype = el("select", { id: key + "-connect-type" }, []);
      fill(ctype, RELATIONS, node.kind === "counterpoint" ? "attacks" : node.kind === "caveat" ? "qualifies" : "supports");
      var ctarget = el("select", { id: key + "-connect-target" }, []);
      fill(
        ctarget,
        others.map(function (other) {
          return [other.id, nodeLabel(other)];
        }),
        selected && selected !== node.id ? selected : thesisId() !== node.id ? thesisId() : others[0].id
      );
      var cweight = el(
        "input",
        { id: key + "-connect-weight", type: "number", min: "0.05", max: "1", step: "0.05", value: "1", class: "weight" },
        []
      );
      var connect = el("button", { type: "button", id: key + "-connect" }, ["Connect"]);
      connect.addEventListener("click", function () {
        var relation = { source: node.id, target: ctarget.value, type: ctype.value };
        var weightValue = Number(cweight.value);
        if (cweight.value !== "" && weightValue !== 1) relation.weight = weightValue;
        var existing = doc.relations.filter(function (item) {
          return item.source === relation.source && item.target === relation.target;
        })[0];
        if (existing) doc.relations.splice(doc.relations.indexOf(existing), 1);
        doc.relations.push(relation);
        changed({ structure: true, focus: key + "-connect" });
      });
      item.appendChild(
        el("div", { class: "connect", role: "group", "aria-label": "Connect " + node.id }, [
          el("label", { for: key + "-connect-type" }, ["It"]),
          ctype,
          el("label", { for: key + "-connect-target" }, ["node"]),
          ctarget,
          el("label", { for: key + "-connect-weight" }, ["with weight"]),
          cweight,
          connect,
        ])
      );
    }

    var mine = comments.filter(function (comment) {
      return comment.node === node.id;
    });
    if (mine.length) {
      item.appendChild(
        el(
          "ul",
          { class: "node-comments", "aria-label": "Comments on " + node.id },
          mine.map(function (comment) {
            return el("li", {}, [el("strong", {}, [comment.author + ": "]), comment.text]);
          })
        )
      );
    }

    var drop = el("button", { type: "button", class: "small quiet delete" }, ["Delete node"]);
    drop.setAttribute("aria-label", "Delete node " + node.id);
    drop.addEventListener("click", function () {
      doc.nodes.splice(doc.nodes.indexOf(node), 1);
      doc.relations = doc.relations.filter(function (relation) {
        return relation.source !== node.id && relation.target !== node.id;
      });
      if (selected === node.id) selected = null;
      changed({ structure: true, focus: "add-node" });
    });
    item.appendChild(drop);
    return item;
  }

  function renderNodes() {
    nodeList.textContent = "";
    doc.nodes.forEach(function (node, index) {
      nodeList.appendChild(renderNode(node, index));
    });
  }

  function renderStrengths() {
    Array.prototype.forEach.call(nodeList.querySelectorAll("[data-strength]"), function (span) {
      span.textContent = strengthText(span.getAttribute("data-strength"));
    });
  }

  // -- checking, scoring and drawing as one edits ----------------------------------------------------------
  var checkTimer = null;
  var checkRun = 0;
  var drawTimer = null;
  var drawing = false;

  function body() {
    var sent = clone(doc);
    sent.visibility = visibility.value || sent.visibility;
    return JSON.stringify(sent);
  }

  function showProblems(list) {
    problemList.textContent = "";
    list.forEach(function (problem) {
      problemList.appendChild(
        el("li", {}, [el("code", { class: "problem-path" }, [String(problem.path || "$")]), " ", String(problem.message || "")])
      );
    });
    problems.hidden = !list.length;
  }

  // A document a save would refuse comes back as the save's own 422, listing every problem at its path.
  function showDraftProblems(list) {
    strengths = {};
    rootId = null;
    showProblems(list);
    thesisStrength.textContent =
      "Thesis strength: not scored while " + list.length + (list.length === 1 ? " problem is" : " problems are") + " left.";
    findingsSummary.textContent = "The linter waits for the problems to be fixed.";
    findingList.textContent = "";
    renderStrengths();
  }

  function check() {
    var run = (checkRun += 1);
    call("POST", "/drafts/check", { "Content-Type": "application/json" }, body()).then(
      function (response) {
        return response.json().then(function (answer) {
          if (run !== checkRun) return;
          strengths = answer.strengths || {};
          rootId = answer.root;
          showProblems([]);
          var value = strengths[rootId];
          thesisStrength.textContent =
            "Thesis strength: " + (typeof value === "number" ? value.toFixed(2) : "\u2014") + " (" + rootId + ", " + answer.semantics + ")";
          renderFindings(answer);
          scheduleDraw();
          renderStrengths();
        });
      },
      function (problem) {
        if (run !== checkRun) return;
        if (problem.status === 422 && Array.isArray(problem.problems)) {
          showDraftProblems(problem.problems);
          return;
        }
        thesisStrength.textContent = "Thesis strength: not checked (" + problem.detail + ").";
      }
    );
  }

  function renderFindings(answer) {
    var findings = answer.findings || [];
    findingList.textContent = "";
    var counts = answer.counts || {};
    findingsSummary.textContent = findings.length
      ? (counts.error || 0) + " errors, " + (counts.warning || 0) + " warnings, " + (counts.info || 0) + " notes."
      : "Nothing to flag.";
    findings.forEach(function (finding) {
      findingList.appendChild(
        el("li", { class: "finding " + finding.severity }, [
          el("strong", {}, [finding.severity + ": "]),
          finding.message,
          finding.fix ? el("span", { class: "fix" }, [" \u2014 " + finding.fix]) : "",
        ])
      );
    });
  }

  function scheduleCheck() {
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, 500);
  }

  function scheduleDraw() {
    window.clearTimeout(drawTimer);
    drawTimer = window.setTimeout(draw, 1500);
  }

  function draw() {
    if (drawing) {
      scheduleDraw();
      return;
    }
    drawing = true;
    previewStatus.textContent = "Drawing\u2026";
    call("POST", "/drafts/diagram", { "Content-Type": "application/json", Accept: "image/svg+xml" }, body())
      .then(function (response) {
        return response.text();
      })
      .then(
        function (svg) {
          // An image, not markup: an SVG shown by <img> runs nothing and links nowhere.
          preview.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
          preview.hidden = false;
          previewStatus.textContent = "Drawn as edited, not saved.";
        },
        function (problem) {
          previewStatus.textContent = "Not drawn: " + problem.detail;
        }
      )
      .then(function () {
        drawing = false;
      });
  }

  byId("redraw").addEventListener("click", draw);

  // -- every change goes through here ---------------------------------------------------------------------
  function changed(how) {
    if (how.structure) {
      renderNodes();
      renderTools();
      if (how.focus) {
        var target = byId(how.focus);
        if (target) target.focus();
      }
    }
    keep();
    markSaved();
    scheduleCheck();
  }

  function markSaved() {
    if (unsaved()) say(saveStatus, created ? "Changes not saved yet (kept in this browser)." : "Not saved yet.", "");
  }

  titleInput.addEventListener("input", function () {
    doc.title = titleInput.value;
    changed({});
  });
  visibility.addEventListener("change", function () {
    doc.visibility = visibility.value;
    changed({});
  });

  function renderAll() {
    titleInput.value = doc.title || "";
    fill(visibility, VISIBILITY, doc.visibility || "public");
    renderSource();
    renderNodes();
    renderTools();
    showSelection();
    scheduleCheck();
  }

  // -- saving ----------------------------------------------------------------------------------------------
  function saved(answer, tag) {
    etag = tag || etag;
    base = clone(doc);
    forget();
    byId("conflict").hidden = true;
    showProblems([]);
    var version = byId("current-version");
    if (version) version.textContent = String(answer.version);
    say(
      saveStatus,
      answer.changed === false ? "Nothing changed: still version " + answer.version + "." : "Saved as version " + answer.version + ".",
      "ok"
    );
  }

  function save() {
    if (saveButton.disabled) return;
    saveButton.disabled = true;
    say(saveStatus, "Saving\u2026", "");
    doc.visibility = visibility.value;
    var request = created
      ? call("PUT", mapUrl(mapId), { "Content-Type": "application/json", "If-Match": etag }, body())
      : call("POST", "/maps", { "Content-Type": "application/json" }, body());
    request
      .then(
        function (response) {
          var tag = response.headers.get("ETag");
          return response.json().then(function (answer) {
            if (!created) {
              // The new map exists: its own editor takes over (a reload of it reads it from the server).
              forget();
              created = true;
              base = clone(doc);
              window.location.replace(mapUrl(mapId) + "/edit");
              return;
            }
            saved(answer, tag);
          });
        },
        refused
      )
      .then(function () {
        saveButton.disabled = false;
      });
  }

  function refused(problem) {
    if (problem.status === 422 && problem.problems) {
      say(saveStatus, "Not saved: " + problem.problems.length + " to fix (listed below).", "problem");
      showProblems(problem.problems);
      problems.focus();
    } else if (problem.status === 412) {
      say(saveStatus, "Not saved: the map changed elsewhere. Your changes are kept here.", "problem");
      showConflict();
    } else if (problem.status === 401) {
      say(saveStatus, "Not saved: you are not signed in. Sign in again in another tab, then save: your changes stay.", "problem");
    } else {
      say(saveStatus, "Not saved: " + problem.detail, "problem");
    }
  }

  saveButton.addEventListener("click", save);

  // -- a conflict: someone saved first ---------------------------------------------------------------------
  var theirs = null;
  var theirTag = null;

  function differences(before, after) {
    var lines = [];
    if (before.title !== after.title) lines.push("The title is now \u201c" + after.title + "\u201d.");
    var old = {};
    before.nodes.forEach(function (node) {
      old[node.id] = node;
    });
    var now = {};
    after.nodes.forEach(function (node) {
      now[node.id] = node;
      var was = old[node.id];
      if (!was) lines.push("Node " + node.id + " was added: \u201c" + node.text + "\u201d.");
      else if (was.text !== node.text) lines.push("Node " + node.id + " now reads \u201c" + node.text + "\u201d (was \u201c" + was.text + "\u201d).");
      else if (JSON.stringify(was) !== JSON.stringify(node)) lines.push("Node " + node.id + " was changed (kind, score, speaker or quotes).");
    });
    before.nodes.forEach(function (node) {
      if (!now[node.id]) lines.push("Node " + node.id + " was deleted.");
    });
    var key = function (relation) {
      return relation.source + " " + relation.type + " " + relation.target + " " + (relation.weight || 1);
    };
    var oldRelations = before.relations.map(key);
    var newRelations = after.relations.map(key);
    newRelations.forEach(function (relation) {
      if (oldRelations.indexOf(relation) < 0) lines.push("Connection added: " + relation + ".");
    });
    oldRelations.forEach(function (relation) {
      if (newRelations.indexOf(relation) < 0) lines.push("Connection removed: " + relation + ".");
    });
    if (!lines.length && JSON.stringify(before) !== JSON.stringify(after)) lines.push("Other details changed (sources, speakers or who may read it).");
    return lines;
  }

  function showConflict() {
    fetch(mapUrl(mapId) + "/document", { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw { detail: "the other version could not be read (" + response.status + ")" };
        theirTag = response.headers.get("ETag");
        return response.json();
      })
      .then(
        function (document) {
          theirs = normal(document);
          var list = byId("conflict-changes");
          list.textContent = "";
          var lines = differences(base || theirs, theirs);
          lines.forEach(function (line) {
            list.appendChild(el("li", {}, [line]));
          });
          byId("conflict-summary").textContent =
            "Someone (or you, in another tab) saved this map after you opened it, as version " +
            String(theirTag || "").replace(/^"|"$/g, "").replace(/^.*-v/, "") +
            ". What they changed is listed here; everything you typed is still in the editor and in this browser.";
          conflict.hidden = false;
          conflict.focus();
        },
        function (problem) {
          byId("conflict-summary").textContent = "The map changed elsewhere; " + (problem.detail || "") + ".";
          conflict.hidden = false;
        }
      );
  }

  byId("save-mine").addEventListener("click", function () {
    if (!theirTag) return;
    etag = theirTag;
    base = theirs;
    keep();
    conflict.hidden = true;
    save();
  });

  byId("take-theirs").addEventListener("click", function () {
    if (!theirs) return;
    doc = clone(theirs);
    base = clone(theirs);
    etag = theirTag;
    forget();
    conflict.hidden = true;
    renderAll();
    say(saveStatus, "Their version is loaded; yours is discarded.", "ok");
  });

  // -- comments (read-only) --------------------------------------------------------------------------------
  function loadComments() {
    if (!created) return;
    fetch(mapUrl(mapId) + "/comments", { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : { comments: [] };
      })
      .then(
        function (answer) {
          comments = answer.comments || [];
          var section = byId("comments");
          var list = byId("comment-list");
          list.textContent = "";
          comments.forEach(function (comment) {
            var on = comment.node ? "on " + comment.node : comment.relation ? "on " + comment.relation.source + " \u2192 " + comment.relation.target : "";
            list.appendChild(
              el("li", { class: comment.resolved ? "resolved" : "" }, [
                el("strong", {}, [comment.author]),
                " " + on + (comment.resolved ? " (resolved)" : "") + ": ",
                comment.text,
              ])
            );
          });
          section.hidden = !comments.length;
          if (comments.length) renderNodes();
        },
        function () {
          // No comments to show is not a problem of the editor.
        }
      );
  }

  // -- starting ----------------------------------------------------------------------------------------------
  // The editor's copy holds every field, the optional lists too, so the two sides compare field by field.
  function normal(document) {
    var copy = clone(document);
    copy.relations = copy.relations || [];
    copy.sources = copy.sources || [];
    copy.speakers = copy.speakers || [];
    copy.nodes = copy.nodes || [];
    return copy;
  }

  function offerDiscard(draft) {
    var when = draft.at ? new Date(draft.at).toLocaleString() : "earlier";
    restored.textContent = "";
    var discard = el("button", { type: "button", id: "discard-draft", class: "small quiet" }, ["Discard them"]);
    discard.addEventListener("click", function () {
      forget();
      if (base) {
        doc = clone(base);
        renderAll();
        restored.hidden = true;
        say(saveStatus, "", "");
      } else {
        window.location.reload();
      }
    });
    restored.appendChild(document.createTextNode("Your changes not saved (" + when + ") are back. "));
    restored.appendChild(discard);
    restored.hidden = false;
  }

  // A new text's map id stays editable until the map exists: a 409 (the id taken) is fixed here.
  function offerId() {
    if (created || byId("map-id-edit")) return;
    var input = el("input", { id: "map-id-edit", maxlength: "80", autocapitalize: "none", spellcheck: "false" }, []);
    input.value = mapId;
    input.addEventListener("change", function () {
      var id = input.value.trim();
      if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) {
        say(saveStatus, "A map id is lower-case letters, digits and hyphens.", "problem");
        input.value = mapId;
        return;
      }
      forget();
      var derived = (mapId.slice(0, 74).replace(/-+$/, "") || "text") + "-text";
      doc.sources.forEach(function (source) {
        if (source.id !== derived) return;
        var renamed = (id.slice(0, 74).replace(/-+$/, "") || "text") + "-text";
        doc.nodes.forEach(function (node) {
          (node.quotes || []).forEach(function (quote) {
            if (quote.source === source.id) quote.source = renamed;
          });
        });
        source.id = renamed;
      });
      mapId = id;
      doc.id = id;
      changed({});
    });
    saveButton.parentNode.insertBefore(el("label", { for: "map-id-edit" }, ["Map id"]), saveButton);
    saveButton.parentNode.insertBefore(input, saveButton);
  }

  function start() {
    offerId();
    workspace.hidden = false;
    renderAll();
    markSaved();
    loadComments();
  }

  if (!isNew) {
    fetch(mapUrl(mapId) + "/document", { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw response.status;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(
        function (document) {
          base = normal(document);
          doc = clone(base);
          var draft = kept();
          if (draft && draft.doc && JSON.stringify(draft.doc) !== JSON.stringify(base)) {
            // The draft keeps the version it was made from: saving it over a newer one is a conflict to show.
            doc = normal(draft.doc);
            if (draft.etag && draft.etag !== etag) {
              etag = draft.etag;
              base = draft.base ? normal(draft.base) : base;
            }
            offerDiscard(draft);
          }
          start();
        },
        function (status) {
          workspace.hidden = false;
          say(saveStatus, "The map could not be read (" + status + "): reload the page.", "problem");
        }
      );
    return;
  }

  // -- /maps/new -----------------------------------------------------------------------------------------------
  var form = byId("new-text");
  var formStatus = byId("new-text-status");
  var idInput = byId("map-id");
  var idTouched = false;
  var draft = kept();
  if (draft && draft.doc) {
    mapId = draft.mapId;
    doc = normal(draft.doc);
    form.hidden = true;
    offerDiscard(draft);
    byId("editor-title").textContent = "Map a new text: " + doc.title;
    start();
    return;
  }

  byId("source-file").addEventListener("change", function (event) {
    var file = event.target.files && event.target.files[0];
    if (!file) return;
    file.text().then(
      function (text) {
        byId("source-body").value = text;
        if (!byId("source-title").value) byId("source-title").value = file.name.replace(/\.[a-z]+$/i, "");
      },
      function () {
        say(formStatus, "The file could not be read: paste its text instead.", "problem");
      }
    );
  });

  idInput.addEventListener("input", function () {
    idTouched = true;
  });
  byId("map-title").addEventListener("input", function () {
    if (!idTouched) idInput.value = slug(byId("map-title").value, 6) + "-" + randomSuffix();
  });
  byId("source-title").addEventListener("input", function () {
    var title = byId("map-title");
    if (!title.getAttribute("data-touched")) {
      title.value = "The argument of \u201c" + byId("source-title").value + "\u201d";
      if (!idTouched) idInput.value = slug(byId("source-title").value, 6) + "-" + randomSuffix();
    }
  });
  byId("map-title").addEventListener("change", function () {
    byId("map-title").setAttribute("data-touched", "yes");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = byId("source-body").value.replace(/\r\n?/g, "\n");
    var id = idInput.value.trim();
    if (!text.trim()) {
      say(formStatus, "Paste the text, or pick its file.", "problem");
      byId("source-body").focus();
      return;
    }
    if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) {
      say(formStatus, "The map's id is lower-case letters, digits and hyphens, starting with a letter or digit.", "problem");
      idInput.focus();
      return;
    }
    var authorName = byId("source-author").value.trim();
    var source = {
      id: (id.slice(0, 74).replace(/-+$/, "") || "text") + "-text",
      title: byId("source-title").value.trim() || "The text",
      text: text,
      written_by: "author",
    };
    if (authorName) source.author = authorName;
    var url = byId("source-url").value.trim();
    if (url) source.url = url;
    var readerId = user === "author" ? "reader" : user;
    mapId = id;
    doc = {
      format: 1,
      id: id,
      title: byId("map-title").value.trim() || source.title,
      visibility: "private",
      sources: [source],
      speakers: [
        { id: "author", name: authorName || "(unnamed)", role: "the text's author" },
        { id: readerId, name: userName, role: "reader of the text" },
      ],
      nodes: [],
      relations: [],
    };
    user = readerId;
    form.hidden = true;
    byId("editor-title").textContent = "Map a new text: " + doc.title;
    start();
    keep();
    sourceText.focus();
  });
})();
