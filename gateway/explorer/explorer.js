// The GCN explorer: GraphiQL from the gateway's own copy of the npm packages (no CDN), a token
// field, and the saved example operations as tabs. Plain browser script: no build step.
"use strict";

(function startExplorer() {
  const TOKEN_KEY = "gcn-explorer-token";
  const tokenInput = document.getElementById("gcn-token");
  const savedSelect = document.getElementById("gcn-saved");
  const status = document.getElementById("gcn-status");
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));

  // The token lives only for this browser tab: closing it forgets the token.
  tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || "";
  tokenInput.addEventListener("input", () => {
    sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
    status.textContent = tokenInput.value.trim() ? "token set" : "no token: schema only";
  });
  status.textContent = tokenInput.value ? "token set" : "no token: schema only";

  // A briefing pack is a document behind the same token: a plain link cannot send it, so the
  // buttons fetch /briefings/{month}.html|.pdf with it and open what comes back in a new tab.
  const briefingMonth = document.getElementById("gcn-briefing");
  const briefingLang = document.getElementById("gcn-briefing-lang");
  const today = new Date();
  briefingMonth.value = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0");
  async function openBriefing(format) {
    const token = tokenInput.value.trim().replace(/^Bearer\s+/i, "");
    const address =
      "/briefings/" + briefingMonth.value + "." + format + "?lang=" + briefingLang.value;
    // Opened first (in the click), so that no pop-up blocker stops it; filled when it arrives.
    const tab = window.open("", "_blank");
    status.textContent = "rendering " + address + "…";
    const response = await fetch(address, {
      headers: token ? { authorization: "Bearer " + token } : {},
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      const error = (body.errors && body.errors[0]) || {};
      status.textContent =
        address +
        ": " +
        ((error.extensions && error.extensions.code) || response.status) +
        " " +
        (error.message || "");
      if (tab) tab.close();
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    status.textContent = address + " (" + (response.headers.get("x-briefing-status") || "") + ")";
    if (tab) tab.location.href = url;
    else window.location.href = url;
  }
  document.getElementById("gcn-open-html").addEventListener("click", () => openBriefing("html"));
  document.getElementById("gcn-open-pdf").addEventListener("click", () => openBriefing("pdf"));

  /** Whether the operation GraphiQL runs is a subscription (from its parsed document). */
  function isSubscription(params, options) {
    const document = options && options.documentAST;
    if (!document) return /^\s*subscription\b/m.test(params.query.replace(/#.*$/gm, ""));
    const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
    const operation = params.operationName
      ? operations.find((d) => d.name && d.name.value === params.operationName)
      : operations[0];
    return Boolean(operation) && operation.operation === "subscription";
  }

  // A subscription runs over Server-Sent Events on the same /graphql (no WebSocket, no library):
  // each `next` event is one result, shown as it comes; GraphiQL's stop button ends the stream.
  async function* eventStream(params, headers) {
    const controller = new AbortController();
    const response = await fetch("/graphql", {
      method: "POST",
      headers: Object.assign({}, headers, { accept: "text/event-stream" }),
      body: JSON.stringify(params),
      signal: controller.signal,
    });
    if (!response.ok || !response.body) {
      const text = await response.text();
      try {
        yield JSON.parse(text);
      } catch {
        yield { errors: [{ message: "HTTP " + response.status + ": " + text.slice(0, 300) }] };
      }
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (event === "complete") return;
          if (event === "next" && data) yield JSON.parse(data);
        }
      }
    } finally {
      controller.abort();
    }
  }

  async function fetcher(params, options) {
    const token = tokenInput.value.trim().replace(/^Bearer\s+/i, "");
    const headers = { "content-type": "application/json", accept: "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    Object.assign(headers, (options && options.headers) || {});
    if (isSubscription(params, options)) return eventStream(params, headers);
    const response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify(params),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: "HTTP " + response.status + ": " + text.slice(0, 300) }] };
    }
  }

  // Tabs are kept in memory only, so every visit starts from the saved operations.
  const memory = new Map();
  const storage = {
    getItem: (key) => (memory.has(key) ? memory.get(key) : null),
    setItem: (key, value) => memory.set(key, String(value)),
    removeItem: (key) => memory.delete(key),
    clear: () => memory.clear(),
    get length() {
      return memory.size;
    },
  };

  function render(operations, selected) {
    const ordered = [selected].concat(operations.filter((op) => op !== selected));
    root.render(
      React.createElement(GraphiQL, {
        key: selected.name,
        fetcher,
        storage,
        defaultEditorToolsVisibility: "variables",
        // GraphiQL 3 seeds the editors from these, not from the first default tab.
        query: selected.query,
        variables: JSON.stringify(selected.variables, null, 2),
        defaultTabs: ordered.map((op) => ({
          query: op.query,
          variables: JSON.stringify(op.variables, null, 2),
        })),
      }),
    );
  }

  fetch("saved-operations.json")
    .then((response) => response.json())
    .then((operations) => {
      for (const op of operations) {
        const option = document.createElement("option");
        option.value = op.name;
        option.textContent = op.description;
        savedSelect.appendChild(option);
      }
      savedSelect.addEventListener("change", () => {
        render(
          operations,
          operations.find((op) => op.name === savedSelect.value),
        );
      });
      render(operations, operations[0]);
    })
    .catch((error) => {
      status.textContent = "Could not load the saved operations: " + error;
      render([], { name: "empty", query: "", variables: {} });
    });
})();
