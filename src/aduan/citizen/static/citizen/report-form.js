/* Aduan: the report form (/lapor/).
 *
 * Region pickers (htmx GETs to /wilayah/?induk=), the file checks before upload, the map pin (Leaflet,
 * loaded only when asked for), sending with fetch (JSON errors shown next to their fields), and the
 * offline queue: with no connection the report is kept on the phone and sent when the connection returns.
 * Every sentence comes from the page (#report-form-text), translated on the server.
 * Without this script the form still works as a plain multipart POST.
 */
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  if (!form) return;
  var T = JSON.parse(document.getElementById("report-form-text").textContent);
  var queue = window.AduanOfflineQueue;
  var statusBox = document.getElementById("offline-status");
  var submitButton = document.getElementById("submit-report");
  var sidInput = document.getElementById("id_submission_id");
  var latInput = document.getElementById("id_latitude");
  var lngInput = document.getElementById("id_longitude");
  var lang = document.documentElement.lang || "id";
  var SENT_KEY = "aduan-sent-submissions";

  function fill(text, values) {
    return text.replace(/%(\w+)/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function say(text) {
    statusBox.textContent = text;
  }

  /* ---------- one submission id per form view ---------- */

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function sentIds() {
    try { return JSON.parse(sessionStorage.getItem(SENT_KEY) || "[]"); } catch (e) { return []; }
  }

  function markSent(id) {
    try { sessionStorage.setItem(SENT_KEY, JSON.stringify(sentIds().concat([id]).slice(-20))); } catch (e) { /* private mode */ }
  }

  // A page from the offline cache (or restored by "back") would reuse an old id: each view gets its own.
  sidInput.value = newId();
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    if (sentIds().indexOf(sidInput.value) >= 0) resetForm();
    sidInput.value = newId();
  });

  /* ---------- cascading region selects ---------- */

  var regionSelects = ["id_province", "id_regency", "id_district", "id_village"].map(function (id) {
    return document.getElementById(id);
  });
  regionSelects.forEach(function (select) {
    select.dataset.blank = select.options.length ? select.options[0].textContent : "";
  });

  function emptySelect(select) {
    var option = document.createElement("option");
    option.value = "";
    option.textContent = select.dataset.blank;
    select.replaceChildren(option);
    select.disabled = true;
  }

  var loads = {};

  /* Fill the select below `select` with the children of its value (htmx GET /wilayah/?induk=…), emptying
     every level further down. Quick changes (arrow keys run through the list) abort the older request
     (hx-sync="this:replace" on the select) and only the latest answer is kept. */
  function loadChildren(select) {
    var child = select.dataset.child ? document.getElementById(select.dataset.child) : null;
    if (!child) return Promise.resolve();
    for (var below = child; below; below = below.dataset.child ? document.getElementById(below.dataset.child) : null) {
      emptySelect(below);
    }
    var ticket = (loads[child.id] || 0) + 1;
    loads[child.id] = ticket;
    if (!select.value) return Promise.resolve();
    var url = "/wilayah/?induk=" + encodeURIComponent(select.value);
    var place = function (html) {
      if (loads[child.id] !== ticket) return;
      if (html) child.innerHTML = html;
      child.disabled = child.options.length <= 1;
    };
    if (window.htmx) {
      var holder = document.createElement("select");
      return Promise.resolve(htmx.ajax("GET", url, { source: select, target: holder, swap: "innerHTML" }))
        .then(function () { place(holder.innerHTML); }, function () { place(""); });
    }
    return fetch(url, { headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(place, function () { place(""); });
  }

  function refreshSimilar() {
    if (window.htmx && navigator.onLine) htmx.trigger("#similar", "refresh");
  }

  regionSelects.forEach(function (select) {
    if (!select.dataset.child) return;
    select.addEventListener("change", function () {
      loadChildren(select);
      if (select.id !== "id_district") refreshSimilar();
    });
  });

  /* ---------- attachments: size and type before upload ---------- */

  var fileInputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][name=attachments]"));
  var fileList = document.getElementById("attachments-list");
  var maxBytes = Number(form.dataset.maxBytes);
  var maxVideo = Number(form.dataset.maxVideoBytes);
  var maxFiles = Number(form.dataset.maxFiles);

  function megabytes(n) {
    return (n / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }

  function chosenFiles() {
    var files = [];
    fileInputs.forEach(function (input) { Array.prototype.push.apply(files, input.files || []); });
    return files;
  }

  function fileProblems() {
    var problems = [];
    var files = chosenFiles();
    if (files.length > maxFiles) problems.push(fill(T.tooManyFiles, { n: maxFiles }));
    files.forEach(function (file) {
      var type = file.type || "";
      var video = type.indexOf("video/") === 0;
      if (type && !video && type.indexOf("image/") !== 0 && type !== "application/pdf") {
        problems.push(fill(T.fileType, { name: file.name }));
        return;
      }
      var limit = video ? maxVideo : maxBytes;
      if (file.size > limit) {
        problems.push(fill(T.fileTooBig, {
          name: file.name, size: megabytes(file.size), limit: megabytes(limit), kind: video ? T.kindVideo : T.kindOther
        }));
      }
    });
    return problems;
  }

  function showFiles() {
    var files = chosenFiles();
    var items = files.map(function (file) {
      var li = document.createElement("li");
      li.textContent = file.name + " (" + megabytes(file.size) + ")";
      return li;
    });
    fileList.replaceChildren.apply(fileList, items);
    var problems = fileProblems();
    setFieldError("attachments", problems);
    fileInputs.forEach(function (input) { input.setCustomValidity(problems.join(" ")); });
  }

  fileInputs.forEach(function (input) { input.addEventListener("change", showFiles); });

  /* ---------- errors next to their fields ---------- */

  var summary = document.getElementById("form-errors");
  var summaryList = document.getElementById("form-errors-list");

  function fieldElement(name) {
    if (name === "latitude" || name === "longitude") return document.getElementById("map-button");
    if (name === "classification") return document.getElementById("id_classification_0");
    return document.getElementById("id_" + name);
  }

  function setFieldError(name, messages) {
    var box = document.getElementById("error-" + (name === "longitude" ? "latitude" : name));
    var field = fieldElement(name);
    if (box) {
      box.textContent = messages.join(" ");
      box.hidden = messages.length === 0;
    }
    if (field && field.id !== "map-button") {
      if (messages.length) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  function clearErrors() {
    form.querySelectorAll(".field-error").forEach(function (box) { box.hidden = true; box.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    summary.hidden = true;
    summaryList.replaceChildren();
  }

  function showErrors(errors) {
    var items = [];
    Object.keys(errors).forEach(function (name) {
      var messages = errors[name];
      if (name !== "__all__") setFieldError(name, messages);
      messages.forEach(function (message) {
        var li = document.createElement("li");
        var field = name === "__all__" ? null : fieldElement(name);
        if (field) {
          var a = document.createElement("a");
          a.href = "#" + field.id;
          a.textContent = message;
          li.appendChild(a);
        } else {
          li.textContent = message;
        }
        items.push(li);
      });
    });
    summaryList.replaceChildren.apply(summaryList, items);
    summary.hidden = items.length === 0;
    if (items.length) summary.focus();
  }

  function localErrors() {
    var errors = {};
    [["title", T.titleLabel], ["body", T.bodyLabel]].forEach(function (pair) {
      var value = (form.elements[pair[0]].value || "").trim();
      if (!value) errors[pair[0]] = [fill(T.required, { s: pair[1] })];
      else if (value.length < 3) errors[pair[0]] = [fill(T.tooShort, { s: pair[1] })];
    });
    var problems = fileProblems();
    if (problems.length) errors.attachments = problems;
    return errors;
  }

  /* ---------- sending ---------- */

  var busy = false;

  function resetForm() {
    form.reset();
    regionSelects[0].value = "";
    regionSelects.slice(1).forEach(emptySelect);
    clearPin(true);
    showFiles();
    clearErrors();
    refreshSimilar();
  }

  function saveOffline() {
    return queue.save(form).then(function () {
      resetForm();
      sidInput.value = newId();
      say(T.offlineSaved);
    }, function () {
      say(T.storageFailed);
    });
  }

  function formData() {
    var data = new FormData(form);
    var token = queue.csrfToken(form);
    if (token) data.set("csrfmiddlewaretoken", token);
    return data;
  }

  function finish() {
    busy = false;
    submitButton.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    var errors = localErrors();
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    busy = true;
    submitButton.disabled = true;
    if (!navigator.onLine) {
      saveOffline().then(finish);
      return;
    }
    say(T.sending);
    var sid = sidInput.value;
    fetch(form.action, {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": queue.csrfToken(form) }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("json") >= 0) {
        return response.json().then(function (body) {
          markSent(sid);
          window.location.assign(body.url);
        });
      }
      finish();
      if (response.status === 400 && type.indexOf("json") >= 0) {
        return response.json().then(function (body) {
          say("");
          showErrors(body.errors || { __all__: [body.detail || T.checkErrors] });
        });
      }
      say(response.status === 403 ? T.sessionExpired : T.serverError);
      return undefined;
    }, function () {
      // No answer at all: the connection dropped. Keep the report on the phone.
      saveOffline().then(finish);
    });
  });

  /* ---------- the offline queue ---------- */

  var sentLines = [];
  var note = "";

  /* The status after sending the queue: what could not be sent (if anything), then each report sent. */
  function showSent() {
    statusBox.replaceChildren();
    if (note) statusBox.appendChild(document.createTextNode(note));
    sentLines.forEach(function (line, i) {
      var parts = T.sentQueued.split("%code");
      var span = document.createElement("span");
      span.className = "sent-line";
      span.appendChild(document.createTextNode(parts[0]));
      var a = document.createElement("a");
      a.href = line.url;
      a.textContent = line.code;
      span.appendChild(a);
      span.appendChild(document.createTextNode(parts.slice(1).join("")));
      if (i || note) statusBox.appendChild(document.createElement("br"));
      statusBox.appendChild(span);
    });
  }

  /* Put a queued report the server refused back into the form, so the person can correct and resend it. */
  function restore(record) {
    resetForm();
    var regions = {};
    record.fields.forEach(function (pair) {
      var name = pair[0];
      var value = pair[1];
      if (name === "submission_id") return;
      if (["province", "regency", "district", "village"].indexOf(name) >= 0) {
        regions[name] = value;
        return;
      }
      var field = form.elements[name];
      if (!field) return;
      if (field instanceof RadioNodeList) {
        form.querySelectorAll("input[name='" + name + "']").forEach(function (input) {
          input.checked = input.value === value;
        });
      } else if (field.type === "checkbox") {
        field.checked = true;
      } else if (field.type !== "file") {
        field.value = value;
      }
    });
    var chain = Promise.resolve();
    regionSelects.forEach(function (select) {
      chain = chain.then(function () {
        var value = regions[select.name];
        if (!value) return undefined;
        select.value = value;
        return loadChildren(select);
      });
    });
    return chain;
  }

  function flush() {
    if (!navigator.onLine || !queue) return;
    queue.count().then(function (n) {
      if (!n) return;
      say(T.backOnline);
      queue.sendAll(function (result) {
        if (result.status === "sent") {
          sentLines.push(result);
          showSent();
        } else if (result.status === "refused") {
          restore(result.record).then(function () {
            showErrors(result.errors);
            note = fill(T.queuedRefused, { title: result.record.title });
            showSent();
          });
        }
      });
    });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { say(T.offlineNow); });
  if (navigator.onLine) {
    flush();
  } else {
    say(T.offlineNow);
    if (queue) {
      queue.count().then(function (n) { if (n) say(T.offlineNow + " " + fill(T.queued, { n: n })); });
    }
  }
  window.setInterval(flush, 60000);

  /* ---------- the map pin (Leaflet only on demand) ---------- */

  var mapButton = document.getElementById("map-button");
  var mapPanel = document.getElementById("map-panel");
  var mapStatus = document.getElementById("map-status");
  var map = null;
  var marker = null;

  function mapSay(text) { mapStatus.textContent = text; }

  function setPin(lat, lng, zoomIn) {
    latInput.value = lat.toFixed(6);
    lngInput.value = lng.toFixed(6);
    if (map && window.L) {
      var at = [lat, lng];
      if (marker) marker.setLatLng(at);
      else marker = L.circleMarker(at, { radius: 9, color: "#a4161a", weight: 3, fillOpacity: 0.5 }).addTo(map);
      if (zoomIn) map.setView(at, Math.max(map.getZoom(), 16));
    }
    setFieldError("latitude", []);
    mapSay(fill(T.pinned, { lat: latInput.value, lng: lngInput.value }));
  }

  function clearPin(quiet) {
    latInput.value = "";
    lngInput.value = "";
    if (marker) { marker.remove(); marker = null; }
    mapSay(quiet ? "" : T.pinCleared);
  }

  function loadOnce(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (key) { el[key] = attrs[key]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function startMap() {
    var pinned = latInput.value && lngInput.value;
    var center = pinned ? [Number(latInput.value), Number(lngInput.value)] : [-2.5, 118];
    map = L.map("map", { keyboard: true }).setView(center, pinned ? 16 : 5);
    var link = document.createElement("a");
    link.href = "https://www.openstreetmap.org/copyright";
    link.textContent = T.attribution;
    var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: link.outerHTML
    });
    var failed = false;
    tiles.on("tileerror", function () {
      if (!failed) { failed = true; mapSay(T.mapFailed); }
    });
    tiles.addTo(map);
    map.on("click", function (event) { setPin(event.latlng.lat, event.latlng.lng, false); });
    if (pinned) setPin(center[0], center[1], false);
    else mapSay(T.mapHelp);
  }

  function openMap() {
    mapPanel.hidden = false;
    mapButton.setAttribute("aria-expanded", "true");
    mapButton.hidden = true;
    if (map) return;
    if (window.L) { startMap(); return; }
    mapSay(T.mapLoading);
    Promise.all([
      loadOnce("link", { rel: "stylesheet", href: form.dataset.leafletCss }),
      loadOnce("script", { src: form.dataset.leafletJs })
    ]).then(startMap, function () { mapSay(T.mapFailed); });
  }

  mapButton.hidden = false;
  mapButton.addEventListener("click", openMap);
  document.getElementById("map-center").addEventListener("click", function () {
    if (!map) return;
    var c = map.getCenter();
    setPin(c.lat, c.lng, false);
  });
  document.getElementById("map-clear").addEventListener("click", function () { clearPin(false); });
  document.getElementById("map-locate").addEventListener("click", function () {
    if (!navigator.geolocation) { mapSay(T.locateFailed); return; }
    mapSay(T.locating);
    navigator.geolocation.getCurrentPosition(function (position) {
      setPin(position.coords.latitude, position.coords.longitude, true);
    }, function () { mapSay(T.locateFailed); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  /* ---------- installable app ---------- */

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* the form works without */ });
  }
})();
