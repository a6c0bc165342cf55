// Development only: `build.py serve` injects this file into every HTML page it
// serves; the published site never contains it. It asks the server for the
// build state every half second; after a successful rebuild it reloads the
// page, after a failed one it shows the build's problems (file:line) over the
// page, until they are fixed. Same origin (CSP connect-src 'self'); styles are
// set through element.style, which the CSP allows.
(() => {
  const STATE = "/__live/state";
  let seen = null;
  let panel = null;

  function show(message) {
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "live-reload-problems";
      panel.setAttribute("role", "alert");
      Object.assign(panel.style, {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "10000",
        maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1em 1.25em",
        background: "#fff4f4", color: "#5f0000", borderTop: "4px solid #b00020",
        font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        whiteSpace: "pre-wrap", boxShadow: "0 -4px 16px rgba(0,0,0,.25)",
      });
      document.body.appendChild(panel);
    }
    panel.textContent = "The rebuild failed; this page shows the last good build.\n\n" + message;
  }

  async function poll() {
    try {
      const response = await fetch(STATE, { cache: "no-store" });
      const state = await response.json();
      if (seen === null) seen = state.generation;
      if (state.error) {
        show(state.error);
      } else if (state.generation !== seen) {
        location.reload();
        return;
      } else if (panel) {
        panel.remove();
        panel = null;
      }
    } catch (err) {
      // The server is restarting or stopped: keep trying quietly.
    }
    setTimeout(poll, 500);
  }

  poll();
})();
