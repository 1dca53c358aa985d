// The dataset's pages only (plugins/unrest_site.py adds this file to them and to no other database).
document.addEventListener("DOMContentLoaded", function () {
  // Datasette lists every column's description above a table's facets and rows; with 25
  // columns that pushes the data off the first screen. Fold them into a closed <details>.
  document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
    var details = document.createElement("details");
    details.className = "column-descriptions-toggle";
    var summary = document.createElement("summary");
    summary.textContent = "What each column means (" + dl.querySelectorAll("dt").length + " columns)";
    dl.parentNode.insertBefore(details, dl);
    details.appendChild(summary);
    details.appendChild(dl);
  });
});
