// Places the stalls on the mela's stall map from their data-row / data-column attributes.
// Set through the CSSOM, which the Content-Security-Policy allows (style attributes in the
// HTML would need 'unsafe-inline'). Without JavaScript the stalls stay a simple grid.
document.querySelectorAll(".stall-map").forEach(function (map) {
  map.style.setProperty("--columns", map.dataset.columns);
  map.style.setProperty("--rows", map.dataset.rows);
  map.querySelectorAll("[data-row]").forEach(function (stall) {
    stall.style.gridRow = stall.dataset.row;
    stall.style.gridColumn = stall.dataset.column;
  });
});
