// "Is this right for me?": the outcome of the answers, shown in place. Nothing is stored or sent anywhere.
// The words and markup are the page's own <template>s (templates/treatments/parts/self_check.html), and the rule
// is decide()'s in treatments/procedures/self_check.py: the first guidance, in page order, that a "yes" to a
// question of its kind leads to, or a "yes" to every question of its kind, else the one that needs neither.
// Without this script the form posts instead.
"use strict";

function showOutcome(root, form, region) {
  const questions = Array.from(form.querySelectorAll("fieldset[data-kind]"));
  const answer = (question) => question.querySelector("input:checked")?.value ?? "";
  const saidYes = questions.filter((question) => answer(question) === form.dataset.yes);
  const unanswered = questions.filter((question) => !answer(question));
  const unsure = questions.filter((question) => answer(question) === form.dataset.unsure);
  const leadsTo = (template) => saidYes.filter((question) => question.dataset.kind === template.dataset.whenYes);
  const allYes = (kind) => {
    const ofKind = questions.filter((question) => question.dataset.kind === kind);
    return ofKind.length > 0 && ofKind.every((question) => answer(question) === form.dataset.yes);
  };
  const leadsHere = (template) => {
    if (template.dataset.whenYes) return leadsTo(template).length > 0;
    if (template.dataset.whenAllYes) return allYes(template.dataset.whenAllYes);
    return true;
  };
  const templates = Array.from(root.querySelectorAll("template[data-guidance]"));
  const chosen = templates.find(leadsHere);
  const outcome = chosen.content.cloneNode(true);

  const listed = outcome.querySelector("[data-self-check-listed]");
  for (const question of listed ? leadsTo(chosen) : []) {
    const item = document.createElement("li");
    item.textContent = question.querySelector("legend").textContent.trim();
    listed.append(item);
  }
  // The notes that count questions: those left unanswered, and those answered "I don't know".
  const counted = [["[data-self-check-unanswered]", unanswered], ["[data-self-check-unsure]", unsure]];
  for (const [selector, questionsCounted] of counted) {
    const note = outcome.querySelector(selector);
    if (questionsCounted.length === 0) {
      note.remove();
      continue;
    }
    note.querySelector("[data-self-check-count]").textContent = String(questionsCounted.length);
    note.querySelector("[data-self-check-total]").textContent = String(questions.length);
  }
  const notSaid = unanswered.concat(unsure);
  for (const reminder of outcome.querySelectorAll("[data-self-check-unanswered-kind]")) {
    if (!notSaid.some((question) => question.dataset.kind === reminder.dataset.selfCheckUnansweredKind)) {
      reminder.remove();
    }
  }

  region.replaceChildren(outcome);
  region.hidden = false;
  region.focus(); // Screen readers announce it by its heading; on a phone it scrolls into view.
}

for (const root of document.querySelectorAll("[data-self-check]")) {
  const form = root.querySelector("[data-self-check-form]");
  const region = root.querySelector("[data-self-check-outcome]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showOutcome(root, form, region);
  });
}
