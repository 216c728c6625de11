// Classic script (the theme loads page scripts with `defer`): starts the form, an ES module.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (here && document.getElementById("cc-submit")) import(new URL("main.js", here).href);
})();
