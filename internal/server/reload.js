// alliance serve: live reload. Injected by the development server only,
// never part of a built site.
(function () {
  "use strict";
  if (!window.EventSource || window.__allianceReload) {
    return;
  }
  window.__allianceReload = true;
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  var overlayId = "alliance-erreur";

  function hideOverlay() {
    var el = document.getElementById(overlayId);
    if (el) {
      el.parentNode.removeChild(el);
    }
  }

  function showOverlay(errors) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
      "max-height:70vh;overflow:auto;box-sizing:border-box;margin:0;padding:1rem 1.5rem;" +
      "background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #c00;" +
      "box-shadow:0 4px 16px rgba(0,0,0,.3);font:16px/1.4 system-ui,sans-serif;text-align:left";
    var title = document.createElement("h2");
    title.textContent = "Erreur de construction";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#a00";
    box.appendChild(title);
    var hint = document.createElement("p");
    hint.textContent = "La page affichée est la dernière version construite. " +
      "Corrigez et enregistrez : elle se rechargera d’elle-même.";
    hint.style.cssText = "margin:0 0 .5rem";
    box.appendChild(hint);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0;list-style:none";
    for (var i = 0; i < errors.length; i++) {
      var e = errors[i];
      var where = e.file || "";
      if (where && e.line > 0) {
        where += ":" + e.line;
      }
      var item = document.createElement("li");
      item.className = "alliance-erreur-ligne";
      item.textContent = where ? where + " : " + e.message : e.message;
      item.style.cssText = "font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "white-space:pre-wrap;overflow-wrap:anywhere;padding:.25rem 0";
      list.appendChild(item);
    }
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll("link[rel]");
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (!old.relList || !old.relList.contains("stylesheet") || !old.href) {
        continue;
      }
      var url = new URL(old.href);
      if (url.origin !== location.origin) {
        continue;
      }
      url.searchParams.set("alliance", String(Date.now()));
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      fresh.addEventListener("load", (function (o) {
        return function () {
          if (o.parentNode) {
            o.parentNode.removeChild(o);
          }
        };
      })(old));
      old.parentNode.insertBefore(fresh, old.nextSibling);
    }
  }

  var source = new EventSource("/__alliance/events");
  source.addEventListener("hello", function (e) {
    // Another build than the page's: the server restarted, or a change
    // happened while the stream was down.
    if (build !== null && e.data !== build) {
      location.reload();
    }
  });
  source.addEventListener("reload", function () {
    hideOverlay();
    location.reload();
  });
  source.addEventListener("css", function (e) {
    hideOverlay();
    build = e.data;
    swapStylesheets();
  });
  source.addEventListener("error", function (e) {
    // The browser fires a plain "error" event when the connection drops;
    // the server's has data.
    if (typeof e.data !== "string") {
      return;
    }
    try {
      showOverlay(JSON.parse(e.data));
    } catch (err) {
      showOverlay([{ file: "", line: 0, message: e.data }]);
    }
  });
})();
