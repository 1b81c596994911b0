// messngr web page (issue #14, item 2). Plain script, no build step, no CDN. Every value that
// comes from a message, a name or the daemon is put in the DOM with textContent (never parsed as HTML),
// so HTML in a message shows as text. The token comes from the URL fragment (#token=, never sent
// to the server), is kept in sessionStorage and goes only in the Authorization header.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const TEXT_LIMIT = 20000; // characters shown of one message; the rest is cut with a visible mark
  const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g; // bidi overrides and isolates
  let token = null;
  let messages = [];
  let current = null;
  let replyingTo = null;
  let streamAbort = null;

  // Untrusted text as shown: bidi controls neutralised (visible), other controls but newline and tab dropped.
  function clean(value, limit) {
    let text = String(value ?? "").replace(BIDI, (c) => "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"));
    text = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "\uFFFD");
    if (limit && text.length > limit) {
      text = text.slice(0, limit) + "\n[… " + (text.length - limit) + " more characters not shown]";
    }
    return text;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function status(text) { $("status").textContent = text; }

  async function api(method, path, body) {
    const headers = { "Authorization": "Bearer " + token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch("/api/v1" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store", credentials: "omit" });
    if (response.status === 401) { logOut("That token is not valid (run 'messngr web' again)."); throw new Error("unauthorized"); }
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error((data && data.message) || ("the daemon answered " + response.status));
    return data;
  }

  function sender(m) {
    const mark = m.verified ? "verified" + (m.senderNode ? " " + m.senderNode.slice(0, 7) : "") : "unverified";
    return clean(m.from, 64) + " (" + mark + ")";
  }

  function urgent(m) { return m.priority === "high" || m.priority === "critical"; }

  function renderInbox() {
    const list = $("inbox-list");
    list.replaceChildren();
    let unread = 0;
    for (const m of messages) {
      if (!m.readAt) unread++;
      const item = el("li", undefined, (m.readAt ? "" : "unread") + (urgent(m) ? " urgent" : ""));
      item.dataset.seq = String(m.seq);
      const button = el("button", sender(m) + " — " + new Date(m.receivedAt).toLocaleString() + (urgent(m) ? " — " + m.priority : ""));
      button.type = "button";
      button.setAttribute("aria-label", (m.readAt ? "" : "Unread. ") + button.textContent);
      button.addEventListener("click", () => openMessage(m));
      item.append(button);
      list.append(item);
    }
    $("unread-count").textContent = unread ? "(" + unread + " unread)" : "";
    document.title = (unread ? "(" + unread + ") " : "") + "messngr";
    renderCritical();
  }

  // Issue #14, item 3: critical "is shown at once and stays until acknowledged". While any of the
  // user's critical messages is unread (readAt null: from history on load and from live messages),
  // a persistent alert lists them, one line each, with an Open button; opening one sends the read
  // receipt (as the inbox does) and it leaves the alert. Derived from `messages`, so a reload keeps it.
  const CRITICAL_SHOWN = 5;
  let criticalShown = "";
  function renderCritical() {
    const pending = messages.filter((m) => m.priority === "critical" && !m.readAt);
    const key = pending.map((m) => m.seq).join(",");
    if (key === criticalShown) return; // unchanged: do not announce the alert again
    criticalShown = key;
    const list = $("critical-list");
    list.replaceChildren();
    for (const m of pending.slice(0, CRITICAL_SHOWN)) {
      const item = el("li", undefined, "critical");
      item.dataset.seq = String(m.seq);
      const open = el("button", "Open");
      open.type = "button";
      open.setAttribute("aria-label", "Open the critical message from " + sender(m));
      open.addEventListener("click", () => { show("inbox"); openMessage(m).catch((e) => status(e.message)); });
      item.append(el("span", "Critical message from " + sender(m) + " — "), open);
      list.append(item);
    }
    $("critical-more").textContent = pending.length > CRITICAL_SHOWN ? "+" + (pending.length - CRITICAL_SHOWN) + " more" : "";
    $("critical-more").hidden = pending.length <= CRITICAL_SHOWN;
    $("critical").hidden = pending.length === 0;
  }

  async function loadInbox() {
    messages = await api("GET", "/history?limit=200");
    renderInbox();
  }

  async function openMessage(m) {
    const opened = await api("POST", "/messages/" + encodeURIComponent(m.seq) + "/read");
    Object.assign(m, opened);
    // The daemon answers with the message as stored before this read was recorded.
    if (!m.readAt) m.readAt = new Date().toISOString();
    current = opened;
    $("message-from").textContent = "From " + sender(opened) + " to " + clean(opened.to, 64);
    $("message-meta").textContent = new Date(opened.receivedAt).toLocaleString() + " · " + opened.transport + " · priority " + opened.priority;
    $("message-text").textContent = clean(opened.text, TEXT_LIMIT);
    $("message").hidden = false;
    $("message").focus();
    renderInbox();
  }

  // Compose, or a reply to `m`: the daemon picks a reply's recipient (POST /messages/{seq}/reply:
  // a classic message to its sender's name, a native one natively to a name its node holds, with
  // replyTo), so the To field gives way to "Reply to SENDER".
  function setReply(m) {
    replyingTo = m;
    $("compose-title").textContent = m ? "Reply" : "Compose";
    $("reply-to").textContent = m ? "Reply to " + sender(m) : "";
    $("reply-to").hidden = !m;
    $("to-field").hidden = !!m;
    $("to").required = !m;
  }

  // A reply through POST /messages/{seq}/reply, anything else as 'messngr send' would (POST
  // /send/any: native to a trusted node, else classic SMB, RPC or a mailslot broadcast). Both
  // answer a list of results, one per recipient.
  async function send(body) {
    if (replyingTo) return (await api("POST", "/messages/" + encodeURIComponent(replyingTo.seq) + "/reply", { text: body.text, priority: body.priority })).results;
    return (await api("POST", "/send/any", body)).results;
  }

  const OUTCOMES = {
    "delivered": "delivered", "accepted-for-broadcast": "broadcast (no confirmation is possible)", "queued": "queued, retried until it expires",
    "name-not-found": "name not found", "refused": "refused", "unreachable": "unreachable", "timed-out": "no answer in time",
    "protocol-error": "protocol error", "expired": "expired", "invalid": "cannot be sent that way",
  };

  // One line per recipient: who, what happened, over what, verified or not, and the daemon's detail.
  function describeResult(r) {
    const how = r.transport ? " over " + clean(r.transport, 16) + (r.verified ? " (verified)" : " (unverified)") : "";
    const state = r.state ? " · " + clean(r.state, 32) : "";
    return clean(r.recipient, 300) + ": " + (OUTCOMES[r.outcome] || clean(r.outcome, 32)) + how + state + " — " + clean(r.detail, 500);
  }

  function show(view) {
    for (const button of document.querySelectorAll("nav button")) {
      const on = button.dataset.view === view;
      button.setAttribute("aria-pressed", String(on));
      $("view-" + button.dataset.view).hidden = !on;
    }
    if (view === "sent") loadSent().catch((e) => status(e.message));
    if (view === "names") loadNames().catch((e) => status(e.message));
    if (view === "quiet") loadQuiet().catch((e) => { $("quiet-state").textContent = e.message; });
  }

  // Do not disturb and quiet hours (GET/PUT /quiet: the token's own settings, nobody else's).
  function describeQuiet(q) {
    const hours = q.quietHours ? " Quiet hours: " + clean(q.quietHours, 16) + " (" + clean(q.timeZone, 64) + ")." : " No quiet hours.";
    if (!q.quiet) return "Not quiet: messages show as they arrive." + hours;
    const why = q.reason === "dnd" ? "Do not disturb is on" : "Quiet hours are on";
    const until = q.quietUntil ? " until " + new Date(q.quietUntil).toLocaleString() : "";
    return why + until + ": normal messages wait, critical ones show at once." + hours;
  }

  function renderQuiet(q) {
    $("quiet-state").textContent = describeQuiet(q);
    $("quiet-badge").textContent = q.reason === "dnd" ? "Do not disturb" : "Quiet hours";
    $("quiet-badge").hidden = !q.quiet;
    $("dnd-on").setAttribute("aria-pressed", String(q.dnd === "on"));
    if (q.quietHours && document.activeElement !== $("quiet-hours")) $("quiet-hours").value = q.quietHours;
  }

  async function loadQuiet() { renderQuiet(await api("GET", "/quiet")); }

  function setQuiet(body) {
    return api("PUT", "/quiet", body)
      .then((q) => { renderQuiet(q); $("quiet-result").textContent = "Saved."; })
      .catch((e) => { $("quiet-result").textContent = "Not changed: " + e.message; });
  }

  async function loadSent() {
    const sent = await api("GET", "/sent");
    const list = $("sent-list");
    list.replaceChildren();
    for (const s of sent) {
      const item = el("li", undefined, "sent");
      item.append(el("span", clean(s.recipient, 300)), el("span", new Date(s.createdAt).toLocaleString(), "meta"), el("strong", clean(s.state, 32)));
      list.append(item);
    }
    if (!sent.length) list.append(el("li", "Nothing sent from this account yet.", "sent"));
  }

  async function loadNames() {
    const names = await api("GET", "/names");
    const list = $("names-list");
    list.replaceChildren();
    for (const n of names.filter((x) => x.suffix === 3)) {
      const item = el("li", undefined, "name");
      item.append(el("span", clean(n.name, 15)), el("span", clean(n.kind, 16) + " · " + clean(n.state, 16), "meta"));
      if (n.kind === "alias") {
        const remove = el("button", "Delete");
        remove.type = "button";
        remove.setAttribute("aria-label", "Delete the name " + clean(n.name, 15));
        remove.addEventListener("click", () => api("DELETE", "/names/" + encodeURIComponent(n.name))
          .then((r) => { $("names-result").textContent = clean(r.message, 200); return loadNames(); })
          .catch((e) => { $("names-result").textContent = e.message; }));
        item.append(remove);
      }
      list.append(item);
    }
  }

  let audio = null;
  function cue(m) {
    // WebAudio beep, no sound file (the browser may block it until the page was used once).
    try {
      audio = audio || new AudioContext();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = m.priority === "critical" ? 1320 : 880;
      gain.gain.value = 0.1;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + (m.priority === "critical" ? 0.6 : 0.25));
    } catch (_) { /* no audio: the visual cue stays */ }
    const header = document.querySelector("header");
    header.classList.remove("flash");
    void header.offsetWidth;
    header.classList.add("flash");
  }

  function arrived(m) {
    if (messages.some((x) => x.seq === m.seq)) return;
    messages.unshift(m);
    renderInbox();
    status("New message from " + sender(m) + (urgent(m) ? " (" + m.priority + ")" : ""));
    if (urgent(m)) cue(m);
  }

  // Server-sent events read with fetch, since EventSource cannot send the Authorization header.
  async function stream() {
    let delay = 1000;
    while (token) {
      streamAbort = new AbortController();
      try {
        const response = await fetch("/api/v1/events", { headers: { "Authorization": "Bearer " + token }, signal: streamAbort.signal, cache: "no-store", credentials: "omit" });
        if (response.status === 401) { logOut("That token is not valid (run 'messngr web' again)."); return; }
        if (!response.ok || !response.body) throw new Error("events: " + response.status);
        status("Connected: new messages show here at once.");
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
            if (data) arrived(JSON.parse(data));
          }
        }
      } catch (e) {
        if (!token) return;
      }
      status("Disconnected from the daemon; trying again…");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30000);
      loadInbox().catch(() => {});
    }
  }

  function logOut(reason) {
    token = null;
    sessionStorage.removeItem("messngr-token");
    if (streamAbort) streamAbort.abort();
    $("app").hidden = true;
    $("login").hidden = false;
    status(reason);
  }

  async function logIn(value) {
    token = value.trim();
    sessionStorage.setItem("messngr-token", token);
    $("login").hidden = true;
    $("app").hidden = false;
    await loadInbox();
    stream();
    loadQuiet().catch(() => {}); // a daemon without quiet settings: the badge stays hidden
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("nav button")) {
      button.addEventListener("click", () => {
        if (button.dataset.view === "compose") setReply(null);
        show(button.dataset.view);
      });
    }
    $("reply-button").addEventListener("click", () => {
      if (!current) return;
      setReply(current);
      show("compose");
      $("text").focus();
    });
    $("compose-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const body = { recipient: $("to").value.trim(), text: $("text").value, priority: $("priority").value };
      $("compose-results").replaceChildren();
      $("compose-result").textContent = "Sending…";
      send(body).then((results) => {
        const list = $("compose-results");
        for (const r of results) {
          list.append(el("li", describeResult(r), r.succeeded ? "result ok" : "result failed"));
        }
        const delivered = results.filter((r) => r.succeeded).length;
        $("compose-result").textContent = delivered === results.length ? "Sent." : delivered ? "Sent to some recipients only; see below." : "Not delivered; see below.";
        if (delivered) $("text").value = "";
      }).catch((e) => { $("compose-result").textContent = "Not sent: " + e.message; });
    });
    $("dnd-on").addEventListener("click", () => setQuiet({ dnd: "on" }));
    $("dnd-off").addEventListener("click", () => setQuiet({ dnd: "off" }));
    $("dnd-until-form").addEventListener("submit", (event) => {
      event.preventDefault();
      setQuiet({ dnd: "until", until: $("dnd-until").value });
    });
    $("quiet-hours-form").addEventListener("submit", (event) => {
      event.preventDefault();
      setQuiet({ quietHours: $("quiet-hours").value.trim() });
    });
    $("quiet-hours-clear").addEventListener("click", () => { $("quiet-hours").value = ""; setQuiet({ quietHours: "off" }); });
    // Quiet hours start and end by the clock: the badge follows within a minute.
    setInterval(() => { if (token) loadQuiet().catch(() => {}); }, 60000);
    $("name-form").addEventListener("submit", (event) => {
      event.preventDefault();
      api("POST", "/names", { name: $("new-name").value.trim() })
        .then((r) => { $("names-result").textContent = clean(r.message, 200); $("new-name").value = ""; return loadNames(); })
        .catch((e) => { $("names-result").textContent = e.message; });
    });
    $("login-form").addEventListener("submit", (event) => {
      event.preventDefault();
      logIn($("token").value).catch((e) => status(e.message));
    });

    const fragment = new URLSearchParams(location.hash.slice(1)).get("token");
    if (fragment) history.replaceState(null, "", location.pathname); // the token leaves the address bar
    const saved = fragment || sessionStorage.getItem("messngr-token");
    if (saved) logIn(saved).catch((e) => status(e.message));
    else { $("login").hidden = false; status("Not logged in."); }
  });
})();
