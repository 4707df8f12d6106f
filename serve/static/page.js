// The page of gradproof serve: sends the text a moment after the user stops typing, shows the
// check's progress, and puts the server's verdicts (the HTML report's own markup, built from
// autoescaped templates) beside the editor. The document's text is only ever a textarea's value.
"use strict";

const DEBOUNCE_MS = 600; // typing faster than this sends nothing: one check per pause
const FORMATS = { ipynb: "ipynb", tex: "tex" }; // by file extension; anything else is markdown

const text = document.getElementById("text");
const format = document.getElementById("format");
const file = document.getElementById("file");
const fileName = document.getElementById("file-name");
const status = document.getElementById("status");
const results = document.getElementById("results");

let newest = 0; // number of the newest check: answers to older ones are ignored
let running = null; // AbortController of the check in flight
let timer = null;
let maxBytes = null; // the server's limit, to say so before sending what it would refuse

fetch("/health").then((r) => r.json()).then((h) => { maxBytes = h.max_bytes; }, () => {});

text.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
});
format.addEventListener("change", check);
file.addEventListener("change", () => {
  const chosen = file.files[0];
  file.value = ""; // choosing the same file again reloads it
  if (!chosen) return;
  if (maxBytes !== null && chosen.size > maxBytes) {
    showError(`${chosen.name} is ${chosen.size} bytes, more than this server's limit of ${maxBytes} bytes (gradproof serve --max-bytes)`);
    return;
  }
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    text.value = reader.result;
    format.value = FORMATS[chosen.name.split(".").pop().toLowerCase()] || "md";
    fileName.textContent = chosen.name;
    check();
  });
  reader.addEventListener("error", () => showError(`cannot read ${chosen.name} in the browser`));
  reader.readAsText(chosen);
});

async function check() {
  clearTimeout(timer);
  const id = ++newest;
  if (running) running.abort(); // its answer is stale; the server drops it from its queue
  running = null;
  if (!text.value.trim()) {
    results.replaceChildren();
    results.dataset.state = "empty";
    setStatus("Paste or type a derivation: each step's verdict appears here.");
    return;
  }
  const body = JSON.stringify({ text: text.value, format: format.value });
  const size = new Blob([body]).size;
  if (maxBytes !== null && size > maxBytes) {
    showError(`the document is ${size} bytes, more than this server's limit of ${maxBytes} bytes (gradproof serve --max-bytes)`);
    return;
  }
  const controller = new AbortController();
  running = controller;
  results.dataset.state = "pending";
  setStatus("checking…", "busy");
  try {
    const response = await fetch("/api/verify", {
      method: "POST", body, signal: controller.signal,
      headers: { "Content-Type": "application/json" },
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
      if (id === newest) showError(answer.error);
      return;
    }
    for await (const event of lines(response)) {
      if (id !== newest) return;
      show(event);
    }
    if (id === newest && results.dataset.state === "pending") showError("the server ended its answer before the verdicts");
  } catch (error) {
    if (id === newest && error.name !== "AbortError") showError(`cannot reach the gradproof server (${error.message})`);
  } finally {
    if (running === controller) running = null;
  }
}

// One JSON object a line, as the server sends them.
async function* lines(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value || new Uint8Array(), { stream: !done });
    let end;
    while ((end = buffered.indexOf("\n")) >= 0) {
      yield JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
    }
    if (done) return;
  }
}

function show(event) {
  if (event.state === "queued") {
    setStatus(`waiting for a free worker: ${event.ahead} ahead`, "busy");
  } else if (event.state === "running") {
    setStatus("checking…", "busy");
  } else if (event.state === "done") {
    results.innerHTML = event.html; // the server's report markup: autoescaped templates, whitelisted MathML
    results.dataset.state = "done";
    setStatus(summary(event.result.summary));
  } else {
    showError(event.error);
  }
}

function summary(counts) {
  const found = Object.entries(counts)
    .filter(([name, n]) => name !== "chains" && name !== "steps" && n > 0)
    .map(([name, n]) => `${n} ${name}`);
  return `${counts.steps} steps in ${counts.chains} chains${found.length ? ": " + found.join(", ") : ": nothing to check"}`;
}

function showError(message) {
  results.replaceChildren();
  results.dataset.state = "error";
  setStatus(message, "error");
}

function setStatus(message, kind = "") {
  status.textContent = message;
  status.className = `status ${kind}`.trim();
}
