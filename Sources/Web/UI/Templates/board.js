// The supervisor board's only script, a progressive enhancement: every 30 seconds it fetches the board and
// replaces the list of open escalations when it changed, instead of reloading the page, so focus and a note
// being typed stay put. The checkbox turns it off (WCAG 2.2.1). The request says it is automatic, so an
// unattended board does not keep its session alive; when the session has ended, the sign-in page is shown.
(function () {
    "use strict";
    var list = document.getElementById("episodes");
    var control = document.getElementById("refresh-control");
    var toggle = document.getElementById("auto-refresh");
    var status = document.getElementById("refresh-status");
    var announce = document.getElementById("refresh-announce");
    if (!list || !control || !toggle || !window.fetch || !window.DOMParser) { return; }
    control.hidden = false;
    toggle.checked = window.sessionStorage.getItem("crisisd.board.refresh") !== "off";
    toggle.addEventListener("change", function () {
        window.sessionStorage.setItem("crisisd.board.refresh", toggle.checked ? "on" : "off");
    });

    // Someone is working in the list (a disposition chosen, a note typed): leave it alone this time.
    function busy() {
        var active = document.activeElement;
        if (active && active !== document.body && list.contains(active)) { return true; }
        return Array.prototype.some.call(list.querySelectorAll("input[name=note]"), function (input) { return input.value !== ""; });
    }

    function refresh() {
        if (!toggle.checked || busy()) { return; }
        window.fetch("/board", { credentials: "same-origin", headers: { "Crisisd-Auto-Refresh": "1" } })
            .then(function (response) {
                if (response.redirected && new URL(response.url).pathname === "/login") {
                    window.location.assign("/login");
                    return null;
                }
                return response.ok ? response.text() : null;
            })
            .then(function (html) {
                if (html === null) { return; }
                var fresh = new window.DOMParser().parseFromString(html, "text/html").getElementById("episodes");
                if (!fresh) { return; }
                if (fresh.innerHTML !== list.innerHTML) {
                    list.innerHTML = fresh.innerHTML;
                    announce.textContent = "The list of open escalations changed.";
                }
                status.textContent = "Updated " + new Date().toLocaleTimeString();
            })
            .catch(function () { status.textContent = "Could not update; check the connection."; });
    }

    window.setInterval(refresh, 30000);
}());
