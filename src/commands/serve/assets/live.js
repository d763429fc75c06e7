// ratsvorlage, the workplace: live updates and drag and drop. Every page works without
// this script; it only saves reloading. Pages come from this server and escape all data,
// so a fetched page's parts can be put in as they are.
(function () {
  "use strict";

  var status = document.getElementById("live-status");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function parse(text) {
    return new DOMParser().parseFromString(text, "text/html");
  }

  // Fetches this page again and swaps in its live part.
  var pending = false;
  function refresh() {
    if (pending) {
      return;
    }
    pending = true;
    fetch(location.pathname + location.search, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error(String(answer.status));
        }
        return answer.text();
      })
      .then(function (text) {
        var fresh = parse(text).getElementById("stand");
        var current = document.getElementById("stand");
        if (fresh && current) {
          current.replaceWith(document.adoptNode(fresh));
        }
        var time = new Date().toLocaleTimeString("de-DE");
        say("Aktualisiert um " + time + ".");
      })
      .catch(function () {
        say("Die Seite konnte nicht aktualisiert werden; laden Sie sie neu.");
      })
      .finally(function () {
        pending = false;
      });
  }

  if (window.EventSource) {
    var source = new EventSource("/ereignisse");
    source.addEventListener("stand", refresh);
  }

  var form = document.getElementById("hochladen");
  var input = document.getElementById("dateien");
  var result = document.getElementById("hochlade-ergebnis");
  if (!form || !input || !result || !window.FormData) {
    return;
  }

  function upload(files) {
    var data = new FormData();
    for (var i = 0; i < files.length; i++) {
      data.append("dateien", files[i], files[i].name);
    }
    result.textContent = "Wird hochgeladen und geprüft …";
    fetch("/hochladen", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (answer) {
        return answer.text();
      })
      .then(function (text) {
        var fresh = parse(text).getElementById("hochlade-ergebnis");
        result.replaceChildren();
        if (fresh) {
          while (fresh.firstChild) {
            result.appendChild(document.adoptNode(fresh.firstChild));
          }
        }
        form.reset();
      })
      .catch(function () {
        result.textContent =
          "Das Hochladen ist fehlgeschlagen; nichts wurde übernommen. Versuchen Sie es noch einmal.";
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    upload(input.files);
  });

  var hint = form.querySelector(".drop-hint");
  if (hint) {
    hint.hidden = false;
  }
  form.addEventListener("dragover", function (event) {
    event.preventDefault();
    form.classList.add("dragging");
  });
  form.addEventListener("dragleave", function () {
    form.classList.remove("dragging");
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    form.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length > 0) {
      upload(event.dataTransfer.files);
    }
  });
})();
