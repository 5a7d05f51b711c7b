// argmap viewer, classroom parts: the perspective menu reloads on a choice; a node's feedback in the panel.
(function () {
  "use strict";

  // Choosing a perspective reloads the viewer with it ("as mapped" leaves the parameter out).
  var menu = document.getElementById("perspective-menu");
  var choice = document.getElementById("perspective");
  if (menu && choice) {
    choice.addEventListener("change", function () {
      if (choice.value === "") choice.disabled = true;
      menu.submit();
    });
  }

  // The feedback listed under the heading, for those who may read it: a node's own is shown in its panel.
  var feedback = document.getElementById("feedback");
  var figure = document.getElementById("diagram");
  var panel = document.getElementById("panel");
  if (!feedback || !figure || !panel) return;
  var selected = null;
  figure.addEventListener("argmap:select", function (event) { selected = event.detail.id; });

  function concerns(item, id) {
    return (item.getAttribute("data-nodes") || "").split(" ").indexOf(id) >= 0;
  }

  function addFeedback() {
    if (!selected || panel.getAttribute("aria-busy") === "true") return;
    if (panel.querySelector(".panel-feedback")) return;
    var items = Array.prototype.filter.call(feedback.querySelectorAll("li.comment"), function (item) {
      return concerns(item, selected);
    });
    var section = document.createElement("section");
    section.className = "panel-feedback";
    var heading = document.createElement("h3");
    heading.textContent = "Feedback on this node (" + items.length + ")";
    section.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "comments";
    items.forEach(function (item) { list.appendChild(item.cloneNode(true)); });
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = "No comments on this node.";
      list.appendChild(none);
    }
    section.appendChild(list);
    // After the node's facts and quotes: the panel's first section is its own.
    panel.appendChild(section);
  }

  new MutationObserver(addFeedback).observe(panel, { childList: true, attributes: true, attributeFilter: ["aria-busy"] });
})();
