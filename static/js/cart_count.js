// "Cart (n)" in the header from the cart_items cookie the cart sets: pages stay the same for
// everyone (and cached whole), and no inline script is needed under the CSP.
document.addEventListener("DOMContentLoaded", function () {
  var match = document.cookie.match(/(?:^|; )cart_items=(\d+)/);
  if (!match) return;
  document.querySelectorAll("[data-cart-count]").forEach(function (element) {
    element.textContent = "(" + match[1] + ")";
  });
});
