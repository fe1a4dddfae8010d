// brochure serve: shows the state the server streams (Server-Sent Events), never reloads.
// Content text reaches the page only through textContent: nothing from a content file is HTML.
"use strict";

const token = document.querySelector('meta[name="brochure-token"]').content;
const $ = (id) => document.getElementById(id);
let lastRevision = -1;
let lastState = null;

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function showPictures(container, kind, pictures) {
  const version = String(pictures.version);
  if (container.dataset.version === version && container.dataset.count === String(pictures.count)) {
    return;
  }
  const images = Array.from(container.querySelectorAll("img"));
  for (let n = 1; n <= pictures.count; n++) {
    let image = images[n - 1];
    if (!image) {
      image = document.createElement("img");
      image.loading = "lazy";
      container.appendChild(image);
    }
    image.alt = `${kind === "page" ? "Page" : "Slide"} ${n}`;
    image.src = `/render/${kind}/${version}/${n}.png`;
  }
  images.slice(pictures.count).forEach((image) => image.remove());
  container.dataset.version = version;
  container.dataset.count = String(pictures.count);
}

function problemItem(problem, list, index) {
  const item = document.createElement("li");
  item.className = problem.level;
  const where = problem.file ? `${problem.file}:${problem.line}:${problem.column}` : "";
  let place;
  if (where && problem.link && problem.link !== "open:") {
    place = document.createElement("a");
    place.href = problem.link;
    place.title = "Open in your editor";
  } else if (where && problem.link === "open:") {
    place = document.createElement("a");
    place.href = "#";
    place.title = "Open in your editor";
    place.addEventListener("click", (event) => {
      event.preventDefault();
      post("/open", { list, index });
    });
  } else {
    place = document.createElement("span");
  }
  place.className = "where";
  place.textContent = where;
  const level = document.createElement("span");
  level.className = "level";
  level.textContent = problem.level;
  const message = document.createElement("span");
  message.className = "message";
  message.textContent = (problem.path ? `${problem.path}: ` : "") + problem.message;
  item.append(place, " ", level, " ", message);
  if (problem.rule) {
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = problem.rule;
    item.append(" ", rule);
  }
  return item;
}

function fillList(list, problems, name) {
  list.replaceChildren(...problems.map((problem, index) => problemItem(problem, name, index)));
}

function fillSelect(select, values, chosen, label) {
  const wanted = values.join("\n");
  if (select.dataset.values !== wanted) {
    select.replaceChildren(...values.map((value) => {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = label(value);
      return option;
    }));
    select.dataset.values = wanted;
  }
  select.value = chosen;
}

function statusLine(state) {
  const t = state.timings || {};
  switch (state.status) {
    case "building handout": return `Building the handout… (${state.changed.join(", ")})`;
    case "building slides": return `Handout ready in ${t.handout.toFixed(1)} s; drawing the slides…`;
    case "ready": {
      const when = state.changed.includes("first build") ? "of the first build" : "after your save";
      return `Up to date: handout ${t.handout.toFixed(1)} s, slides ${t.slides.toFixed(1)} s ${when}`;
    }
    case "error": return "Not built: see the errors";
    default: return state.status;
  }
}

function render(state) {
  if (state.revision <= lastRevision) return;
  lastRevision = state.revision;
  lastState = state;
  document.body.dataset.status = state.status;
  document.body.dataset.revision = String(state.revision);
  $("content-name").textContent = state.content;
  document.title = `${state.content} · brochure serve`;
  $("status").textContent = statusLine(state);
  showPictures($("pages"), "page", state.pages);
  showPictures($("slides"), "slide", state.slides);
  $("page-count").textContent = plural(state.pages.count, "page");
  $("slide-count").textContent = plural(state.slides.count, "slide");
  for (const [kind, pictures] of [["pages", state.pages], ["slides", state.slides]]) {
    const note = $(`${kind}-note`);
    note.textContent = pictures.note;
    note.hidden = !pictures.note;
  }
  fillList($("problems"), state.problems, "problems");
  $("problem-count").textContent = state.problems.length ? `(${state.problems.length})` : "(none)";
  fillList($("errors"), state.errors, "errors");
  $("overlay").hidden = state.errors.length === 0;
  fillSelect($("language"), state.choices.languages, state.settings.language,
             (v) => v || "source language");
  fillSelect($("paper"), ["", ...state.choices.papers], state.settings.paper,
             (v) => v ? v.toUpperCase().replace("LETTER", "Letter").replace("LEGAL", "Legal") : "the file's paper");
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-brochure-token": token },
    body: JSON.stringify(body),
  });
  if (!response.ok) $("status").textContent = `The server refused: ${response.status}`;
}

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => render(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    $("status").textContent = "Lost the server; reconnecting…";
    document.body.dataset.status = "disconnected";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const id of ["language", "paper"]) {
    $(id).addEventListener("change", () => {
      post("/settings", { language: $("language").value, paper: $("paper").value });
    });
  }
  connect();
});
