// On a phone, the shop's filter panel starts folded so products come first (unless the buyer
// is already filtering). Without JavaScript the panel simply stays open.
(function () {
  var panel = document.querySelector("[data-collapse-on-phone]");
  if (panel && !panel.hasAttribute("data-active") && window.matchMedia("(max-width: 48em)").matches) {
    panel.open = false;
  }
})();
