// Field-level validation errors from the API's problem+json `errors[]`, shown next to the inputs they name.
// Inputs declare the API's field path in data-field (e.g. data-field="patient.name").

import { h } from './dom.js';

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) clearField(el);
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  const summary = form.querySelector('.form-error');
  if (summary) summary.hidden = true;
}

/** Shows each field error by its input; others in the form's summary. Focuses the first invalid input. */
export function showErrors(form, problem) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  for (const error of problem.errors || []) {
    const input = form.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
    if (!input) {
      unplaced.push(`${error.field}: ${error.message}`);
      continue;
    }
    const id = `${input.id}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.dataset.hintId, id].filter(Boolean).join(' '));
    const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
    input.insertAdjacentElement('afterend', h('p', { class: 'field-error', id, text: message }));
    input.addEventListener('input', () => clearField(input), { once: true });
    first = first || input;
  }
  const summary = form.querySelector('.form-error');
  if (summary && (unplaced.length || !(problem.errors || []).length)) {
    summary.textContent = unplaced.length ? unplaced.join('; ') : (problem.detail || problem.title);
    summary.hidden = false;
  }
  if (first) first.focus();
}

function clearField(input) {
  input.removeAttribute('aria-invalid');
  if (input.dataset.hintId) input.setAttribute('aria-describedby', input.dataset.hintId);
  else input.removeAttribute('aria-describedby');
  const error = document.getElementById(`${input.id}-error`);
  if (error) error.remove();
}
