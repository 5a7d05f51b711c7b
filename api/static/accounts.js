// argmap account pages (api/pages_accounts.py): signing in with a link's code or a password, signing out,
// starting a map, and saving the editor. Text from the server only ever reaches the page through textContent.
// Every write carries the session's CSRF token, asked of GET /me just before it (a session may have changed).
(function () {
  "use strict";

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A message in a notice: kind "problem" is read out at once and marked as one; "ok" as done. A list of
  // parts is shown as sentences, the first in bold (what happened, then why, then what to do).
  function show(element, text, kind) {
    if (!element) return;
    element.textContent = "";
    if (Array.isArray(text)) {
      text.forEach(function (part, index) {
        if (index) element.appendChild(document.createTextNode(" "));
        element.appendChild(index ? document.createTextNode(part) : el("strong", {}, [part]));
      });
    } else {
      element.textContent = text;
    }
    element.hidden = !element.textContent;
    element.classList.toggle("problem", kind === "problem");
    element.classList.toggle("ok", kind === "ok");
    element.setAttribute("role", kind === "problem" ? "alert" : "status");
  }

  // "this link is not valid" becomes "This link is not valid." to stand as a sentence of its own.
  function sentence(text) {
    var words = String(text).trim();
    if (!words) return "";
    words = words.charAt(0).toUpperCase() + words.slice(1);
    return /[.!?]$/.test(words) ? words : words + ".";
  }

  // A refused request's problem details (RFC 9457), with a detail in words whatever the server sent.
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

  function csrfToken() {
    return fetch("/me", { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(
        function (me) {
          return (me && me.csrf) || null;
        },
        function () {
          return null;
        }
      );
  }

  // A JSON API call with the session's CSRF token when there is a session; rejects with its problem.
  function call(method, url, headers, body) {
    return csrfToken()
      .then(function (token) {
        var sent = { Accept: "application/json" };
        Object.keys(headers).forEach(function (name) {
          sent[name] = headers[name];
        });
        if (token) sent["X-CSRF-Token"] = token;
        return fetch(url, { method: method, headers: sent, body: body, credentials: "same-origin" }).catch(function () {
          throw UNREACHABLE;
        });
      })
      .then(function (response) {
        if (response.ok) return response;
        return problemOf(response).then(function (problem) {
          throw problem;
        });
      });
  }

  // -- /sign-in -------------------------------------------------------------------------------------------
  var signInStatus = byId("sign-in-status");
  if (signInStatus) {
    var signIn = function (body) {
      return call("POST", "/session", { "Content-Type": "application/json" }, JSON.stringify(body)).then(function () {
        // Replace, not push: Back from the maps should not land on a page that signs in again.
        window.location.replace("/my-maps");
      });
    };

    var code = window.location.hash.replace(/^#/, "");
    if (code) {
      // The code is a one-time secret: out of the address bar and the history before anything else.
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      show(signInStatus, "Signing you in with your link…", "");
      signIn({ code: decodeURIComponent(code) }).catch(function (problem) {
        var why =
          problem.status === 400 || problem.status === 422
            ? "It is not a whole sign-in link: copy all of it, with what follows the # sign."
            : sentence(problem.detail);
        show(
          signInStatus,
          [
            "This sign-in link did not work.",
            why,
            "Ask your teacher or editor for a new link, or sign in with your handle and password below.",
          ],
          "problem"
        );
      });
    }

    var form = byId("password-form");
    var button = byId("sign-in-button");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var user = form.elements.user.value.trim().toLowerCase();
        var password = form.elements.password.value;
        if (!user || !password) {
          show(signInStatus, "Type your handle and your password.", "problem");
          return;
        }
        button.disabled = true;
        show(signInStatus, "Signing in…", "");
        signIn({ user: user, password: password }).catch(function (problem) {
          var why =
            problem.status === 400 || problem.status === 422
              ? "A handle is lower-case letters, digits and hyphens."
              : sentence(problem.detail);
          show(signInStatus, ["Not signed in.", why], "problem");
          button.disabled = false;
          form.elements.password.focus();
        });
      });
    }
  }

  // -- /my-maps -------------------------------------------------------------------------------------------
  var listStatus = byId("my-maps-status");
  var signOut = byId("sign-out");
  if (signOut) {
    signOut.addEventListener("click", function () {
      signOut.disabled = true;
      call("DELETE", "/session", {}, undefined).then(
        function () {
          window.location.replace("/sign-in");
        },
        function (problem) {
          show(listStatus, ["Not signed out.", sentence(problem.detail)], "problem");
          signOut.disabled = false;
        }
      );
    });
  }

  var newMap = byId("new-map");
  if (newMap) {
    var suffix = function () {
      var bytes = new Uint8Array(4);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map
        .call(bytes, function (b) {
          return (b % 36).toString(36);
        })
        .join("");
    };
    var create = function (attempts) {
      var doc = JSON.parse(newMap.getAttribute("data-starter"));
      doc.id = newMap.getAttribute("data-user") + "-map-" + suffix();
      return call("POST", "/maps", { "Content-Type": "application/json" }, JSON.stringify(doc)).then(
        function () {
          window.location.assign("/maps/" + encodeURIComponent(doc.id) + "/edit");
        },
        function (problem) {
          // A taken id (two maps drew the same suffix) is tried again under another.
          if (problem.status === 409 && attempts > 1) return create(attempts - 1);
          throw problem;
        }
      );
    };
    newMap.addEventListener("click", function () {
      newMap.disabled = true;
      show(listStatus, "Creating a new map…", "");
      create(3).catch(function (problem) {
        show(listStatus, ["No map was created.", sentence(problem.detail)], "problem");
        newMap.disabled = false;
      });
    });
  }

  // -- /maps/{id}/edit ------------------------------------------------------------------------------------
  var editor = byId("editor");
  if (editor) {
    var mapId = editor.getAttribute("data-map");
    var etag = editor.getAttribute("data-etag");
    var text = byId("document");
    var visibility = byId("visibility");
    var save = byId("save");
    var status = byId("save-status");
    var problems = byId("problems");
    var problemList = byId("problem-list");
    var problemSummary = byId("problems-summary");
    // The page shows the version its ETag names: a browser's restored draft (after a reload) would be saved
    // over whatever changed since, so it gives way to the text the server sent.
    text.value = text.defaultValue;
    Array.prototype.forEach.call(visibility.options, function (option) {
      option.selected = option.defaultSelected;
    });
    var saved = { text: text.value, visibility: visibility.value };
    var leaving = false;

    // The select decides who reads the map: a top-level visibility line typed in the text gives way to it
    // (a map document refuses a key given twice). Column 0 is the top level: nested keys are indented.
    var withVisibility = function (yaml, chosen) {
      var kept = yaml.replace(/^visibility[ \t]*:.*(?:\r?\n|$)/gm, "");
      if (kept && kept.charAt(kept.length - 1) !== "\n") kept += "\n";
      return kept + "visibility: " + chosen + "\n";
    };

    // The line of the text a problem's path names (nodes[1].base_score), or a YAML error's "line N";
    // null when it cannot be told. Block YAML only, as the page writes it: enough to point, not to parse.
    var lead = function (line) {
      return line.length - line.replace(/^ +/, "").length;
    };
    var blank = function (line) {
      return /^\s*(#.*)?$/.test(line);
    };
    var lineOf = function (yaml, path, message) {
      var lines = yaml.split("\n");
      var said = /\bline (\d+)\b/.exec(message);
      if (said) return Math.min(Number(said[1]), lines.length) - 1;
      var parts = [];
      path.replace(/\[(\d+)\]|([^.[\]]+)/g, function (_, index, key) {
        parts.push(index !== undefined ? Number(index) : key);
        return "";
      });
      if (!parts.length || parts[0] === "$") return null;
      var from = 0;
      var to = lines.length;
      var column = 0;
      var found = null;
      for (var p = 0; p < parts.length; p += 1) {
        var part = parts[p];
        var at = null;
        var i;
        if (typeof part === "string") {
          for (i = from; i < to && at === null; i += 1) {
            var key = /^( *(?:- +)?)(["']?)([^\s#:"'][^:]*?)\2 *:(?: |$)/.exec(lines[i]);
            if (key && key[1].length === column && key[3] === part) at = i;
          }
          if (at === null) return found;
          var end = at + 1;
          while (end < to && (blank(lines[end]) || lead(lines[end]) > column ||
              (lead(lines[end]) === column && /^ *- /.test(lines[end])))) end += 1;
          from = at + 1;
          to = end;
        } else {
          var items = [];
          var itemLead = null;
          for (i = from; i < to; i += 1) {
            if (blank(lines[i])) continue;
            if (itemLead === null) itemLead = lead(lines[i]);
            if (lead(lines[i]) === itemLead && /^ *-( |$)/.test(lines[i])) items.push(i);
          }
          if (part >= items.length) return found;
          at = items[part];
          from = at;
          to = part + 1 < items.length ? items[part + 1] : to;
          column = /^ *- */.exec(lines[at])[0].length;
        }
        found = at;
      }
      return found;
    };

    var showLine = function (line) {
      var lines = text.value.split("\n");
      var start = 0;
      for (var i = 0; i < line && i < lines.length; i += 1) start += lines[i].length + 1;
      text.focus();
      text.setSelectionRange(start, start + (lines[line] || "").length);
      // Bring the line near the top of the box (wrapped lines make it approximate, never off screen).
      var height = parseFloat(window.getComputedStyle(text).lineHeight) || 20;
      text.scrollTop = Math.max(0, (line - 2) * height);
    };

    var clearProblems = function () {
      problems.hidden = true;
      problemList.textContent = "";
      problemSummary.textContent = "";
      Array.prototype.slice.call(problems.querySelectorAll(".problem-actions")).forEach(function (node) {
        node.remove();
      });
    };

    var report = function (summary, items, actions) {
      problemSummary.textContent = summary;
      (items || []).forEach(function (item) {
        var path = String(item.path || "$");
        var message = String(item.message || "");
        var entry = el("li", {}, [el("code", { class: "problem-path" }, [path]), " ", message]);
        var line = lineOf(text.value, path, message);
        if (line !== null) {
          var go = el("button", { type: "button", class: "show-line" }, ["line " + (line + 1)]);
          go.setAttribute("aria-label", "Show line " + (line + 1) + " in the text");
          go.addEventListener("click", function () {
            showLine(line);
          });
          entry.appendChild(document.createTextNode(" "));
          entry.appendChild(go);
        }
        problemList.appendChild(entry);
      });
      if (actions) problems.appendChild(actions);
      problems.hidden = false;
      problems.scrollIntoView({ block: "nearest" });
      problems.focus({ preventScroll: true });
    };

    var refused = function (problem) {
      if (problem.status === 422 && problem.problems && problem.problems.length) {
        var count = problem.problems.length;
        show(status, "Not saved: " + count + (count === 1 ? " problem" : " problems") + " to fix.", "problem");
        report(
          "Nothing was saved. Fix " + (count === 1 ? "this problem" : "these problems") + " and save again; " +
            "a line button shows where each one is (nodes[2] is the third node: counting starts at 0).",
          problem.problems
        );
      } else if (problem.status === 412) {
        show(status, "Not saved: the map changed elsewhere.", "problem");
        var reload = el("button", { type: "button", id: "reload" }, ["Reload the newest version"]);
        reload.addEventListener("click", function () {
          leaving = true;
          window.location.reload();
        });
        report(
          "Someone (or you, in another tab) saved this map after you opened it. Reload to get the newest " +
            "version; reloading replaces the text here, so copy your changes first and add them again.",
          [],
          el("p", { class: "problem-actions" }, [reload])
        );
      } else if (problem.status === 401) {
        show(status, "Not saved: you are not signed in.", "problem");
        var again = el("a", { href: "/sign-in", target: "_blank", rel: "noopener" }, ["Sign in again in a new tab"]);
        report(
          "Your session has ended (" + problem.detail + "). Sign in again in another tab, then save here: your text stays.",
          [],
          el("p", { class: "problem-actions" }, [again])
        );
      } else {
        show(status, "Not saved.", "problem");
        report("The map was not saved: " + problem.detail, []);
      }
    };

    editor.addEventListener("submit", function (event) {
      event.preventDefault();
      if (save.disabled) return;
      save.disabled = true;
      clearProblems();
      show(status, "Saving…", "");
      var body = withVisibility(text.value, visibility.value);
      call(
        "PUT",
        "/maps/" + encodeURIComponent(mapId),
        { "Content-Type": "application/yaml", "If-Match": etag },
        body
      )
        .then(function (response) {
          etag = response.headers.get("ETag") || etag;
          return response.json().then(function (receipt) {
            saved = { text: text.value, visibility: visibility.value };
            byId("current-version").textContent = String(receipt.version);
            editor.setAttribute("data-version", String(receipt.version));
            show(
              status,
              receipt.changed ? "Saved as version " + receipt.version + "." : "Nothing changed: still version " + receipt.version + ".",
              "ok"
            );
          });
        }, refused)
        .then(function () {
          save.disabled = false;
        });
    });

    // Leaving with changes not saved asks first (a student's hour of work is one closed tab away).
    window.addEventListener("beforeunload", function (event) {
      if (leaving || (text.value === saved.text && visibility.value === saved.visibility)) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }
})();
