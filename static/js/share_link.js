// The order page's private link: without JavaScript a plain link (long-press to copy). With it,
// a button that opens the phone's share sheet, or copies the address where sharing is missing.
(function () {
  var link = document.querySelector("[data-share-link]");
  if (!link) return;
  var status = document.querySelector("[data-share-status]");
  var canShare = typeof navigator.share === "function";
  if (!canShare && !(navigator.clipboard && navigator.clipboard.writeText)) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = canShare ? link.dataset.shareLabel : link.dataset.copyLabel;
  button.addEventListener("click", function () {
    if (canShare) {
      navigator.share({ title: document.title, url: link.href }).catch(function () {});
      return;
    }
    navigator.clipboard.writeText(link.href).then(function () {
      if (status) status.textContent = link.dataset.copiedLabel;
    });
  });
  link.after(button);
})();
