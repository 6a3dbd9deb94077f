// Accessible names for controls that Material for MkDocs leaves unnamed. Done here rather than
// by copying the theme's partials, so that theme updates still reach these pages. The names
// come translated from the page itself (main.html, #pp-control-names).
(function () {
  "use strict";
  var source = document.getElementById("pp-control-names");
  var names = source ? JSON.parse(source.textContent) : {};
  var toggles = { __drawer: names.menu, __search: names.search };
  Object.keys(toggles).forEach(function (id) {
    var toggle = document.getElementById(id);
    if (toggle && toggles[id] && !toggle.hasAttribute("aria-label")) {
      toggle.setAttribute("aria-label", toggles[id]);
    }
  });
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
    if (names.dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", names.dialog);
    }
  });
})();
