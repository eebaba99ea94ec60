// Live updates for signed-in pages, over the server-sent events at /live.
// Pages work without it: each update is also there after a plain reload.
// - home: a "N new posts - show" bar when posts arrive (the link reloads the feed);
// - every page: the unread notifications badge counts up;
// - a conversation: new messages are fetched and put in place (opening marks them read).
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-live-url");
  if (!url || !window.EventSource) {
    return;
  }
  var fresh = new Set();

  function payload(event) {
    try {
      return JSON.parse(event.data);
    } catch (error) {
      return null;
    }
  }

  function onUpdate(event) {
    var bar = document.getElementById("new-posts");
    var status = payload(event);
    if (!bar || !status || !status.id) {
      return;
    }
    if (document.getElementById("post-" + status.id) || fresh.has(status.id)) {
      return;
    }
    fresh.add(status.id);
    var count = bar.querySelector("[data-new-posts-count]");
    count.textContent = String(fresh.size);
    bar.querySelector("[data-new-posts-plural]").textContent = fresh.size === 1 ? "" : "s";
    bar.hidden = false;
  }

  function onNotification() {
    var link = document.querySelector("[data-live-badge]");
    if (!link) {
      return;
    }
    var badge = link.querySelector(".badge");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "0";
      link.append(" ", badge);
    }
    var unread = (parseInt(badge.textContent, 10) || 0) + 1;
    badge.textContent = String(unread);
    badge.setAttribute("aria-label", unread + " unread");
  }

  function onConversation(event) {
    var thread = document.getElementById("conversation-thread");
    var conversation = payload(event);
    if (!thread || !conversation || conversation.id !== thread.getAttribute("data-conversation-id")) {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var updated = page.getElementById("conversation-thread");
        if (updated) {
          thread.replaceChildren.apply(thread, Array.from(updated.childNodes));
          if (window.htmx) {
            window.htmx.process(thread);
          }
        }
      })
      .catch(function () {});
  }

  var source = new EventSource(url);
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-live", "open");
  });
  source.addEventListener("update", onUpdate);
  source.addEventListener("notification", onNotification);
  source.addEventListener("conversation", onConversation);
  // EventSource reconnects by itself after a network error.
})();
