/* Aduan: the offline report queue.
 *
 * A report filed with no connection is kept in IndexedDB (its fields and its files, as bytes) and sent
 * later with fetch(FormData) to /lapor/ — header "X-Requested-With: fetch", answered with JSON
 * {"code", "url"}. Each report carries the submission_id of the form it came from, so sending one twice
 * (two tabs, a lost answer) still files it once. Used by report-form.js as window.AduanOfflineQueue.
 */
(function () {
  "use strict";

  var DB_NAME = "aduan-offline";
  var STORE = "reports";
  var ENDPOINT = "/lapor/";
  var sending = false;

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function openDb() {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    };
    return promised(request);
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        Promise.resolve(work(tx.objectStore(STORE))).then(function (value) { result = value; }, reject);
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function csrfToken(form) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  /* Read a form into a storable record: text fields as strings, files as bytes with their name and type. */
  function snapshot(form) {
    var fields = [];
    var reads = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
      } else if (value && value.name && value.size > 0) {
        reads.push(value.arrayBuffer().then(function (data) {
          return { field: name, name: value.name, type: value.type, data: data };
        }));
      }
    });
    return Promise.all(reads).then(function (files) {
      var title = "";
      fields.forEach(function (pair) { if (pair[0] === "title") title = pair[1]; });
      return { fields: fields, files: files, title: title, savedAt: new Date().toISOString() };
    });
  }

  function save(form) {
    return snapshot(form).then(function (record) {
      return withStore("readwrite", function (store) { return promised(store.add(record)); });
    });
  }

  function all() {
    return withStore("readonly", function (store) { return promised(store.getAll()); });
  }

  function remove(id) {
    return withStore("readwrite", function (store) { return promised(store["delete"](id)); });
  }

  function count() {
    return withStore("readonly", function (store) { return promised(store.count()); }).catch(function () { return 0; });
  }

  function formDataOf(record, token) {
    var data = new FormData();
    record.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    record.files.forEach(function (file) {
      data.append(file.field, new Blob([file.data], { type: file.type }), file.name);
    });
    data.set("csrfmiddlewaretoken", token);
    return data;
  }

  function post(record) {
    var token = csrfToken(null);
    var ready = token ? Promise.resolve(token) : fetch(ENDPOINT, { credentials: "same-origin" }).then(function () {
      return csrfToken(null);
    });
    return ready.then(function (csrf) {
      return fetch(ENDPOINT, {
        method: "POST",
        body: formDataOf(record, csrf),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf }
      });
    });
  }

  /* Send one record. Resolves with {status: "sent", code, url} | {status: "refused", record, errors} |
     {status: "later"} (keep it: no connection, or the server could not take it now). */
  function sendOne(record) {
    return post(record).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("json") >= 0) {
        return response.json().then(function (body) {
          return remove(record.id).then(function () { return { status: "sent", code: body.code, url: body.url }; });
        });
      }
      if (response.status === 400 && type.indexOf("json") >= 0) {
        return response.json().then(function (body) {
          return remove(record.id).then(function () {
            return { status: "refused", record: record, errors: body.errors || {}, detail: body.detail || "" };
          });
        });
      }
      return { status: "later" };
    }, function () {
      return { status: "later", offline: true };
    });
  }

  /* Send every queued report in turn, telling `report` about each; stops at the first network failure. */
  function sendAll(report) {
    if (sending) return Promise.resolve();
    sending = true;
    var run = function () {
      return all().then(function (records) {
        var chain = Promise.resolve(false);
        records.forEach(function (record) {
          chain = chain.then(function (stop) {
            if (stop) return true;
            return sendOne(record).then(function (result) {
              report(result);
              return Boolean(result.offline);
            });
          });
        });
        return chain;
      });
    };
    var locked = navigator.locks && navigator.locks.request
      ? navigator.locks.request("aduan-offline-send", run)
      : run();
    return Promise.resolve(locked).catch(function () {}).then(function () { sending = false; });
  }

  window.AduanOfflineQueue = { save: save, count: count, sendAll: sendAll, csrfToken: csrfToken };
})();
