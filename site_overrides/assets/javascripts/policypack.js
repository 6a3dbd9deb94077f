// Accessible names for controls that Material for MkDocs leaves unnamed. Done here rather than
// by copying the theme's partials, so that theme updates still reach these pages.
(function () {
  "use strict";
  var names = { __drawer: "Open the navigation menu", __search: "Open search" };
  Object.keys(names).forEach(function (id) {
    var toggle = document.getElementById(id);
    if (toggle && !toggle.hasAttribute("aria-label")) { toggle.setAttribute("aria-label", names[id]); }
  });
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
    if (!dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Search this site"); }
  });
})();
