// The demo login: mints a token for a persona from the development issuer (POST /dev/token) and opens the
// persona's page. Served only while the development issuer is on.

import { h, $ } from './dom.js';
import { call } from './api.js';
import { showErrors, clearErrors } from './fields.js';
import { loadStates } from './format.js';
import { storeToken, homeFor } from './session.js';

const TENANT = 'demo';

// The demo tenant's caregivers and operator (seeded by the node; README "Demo personas").
const PERSONAS = [
  { subject: 'dr-rivera', role: 'provider', name: 'Dr. Ana Rivera', about: 'Provider licensed in WA and OR' },
  { subject: 'dr-chen', role: 'provider', name: 'Dr. Wei Chen', about: 'Provider licensed in CA and WA' },
  { subject: 'dr-okafor', role: 'provider', name: 'Dr. Chidi Okafor', about: 'Provider licensed in TX, NY and FL' },
  { subject: 'sam-support', role: 'support', name: 'Sam Patel', about: 'Support staff: busy, open and close, chats' },
  { subject: 'ada-admin', role: 'admin', name: 'Ada Brooks', about: 'Tenant admin' },
  { subject: 'oli-operator', role: 'operator', name: 'Oli Jensen', about: 'Operator: cluster, shards, lag, traffic' },
];

async function mint(subject, role, name) {
  return call(null, 'POST', '/dev/token', { body: { subject, role, tenant: TENANT, name } });
}

/** A patient id from the typed name: the same name signs in as the same patient. */
function patientId(name) {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return `patient-${slug || 'anonymous'}`;
}

async function signInPatient(event) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const name = $('#patient-name').value.trim();
  const state = $('#patient-state').value;
  if (!name) {
    showErrors(form, { errors: [{ field: 'name', message: 'is required' }] });
    return;
  }
  const result = await mint(patientId(name), 'patient', name);
  if (!result.ok) {
    showErrors(form, result.problem);
    return;
  }
  storeToken(result.data.token);
  location.assign(`/patient?state=${encodeURIComponent(state)}`);
}

async function signInStaff(persona) {
  const error = $('#persona-error');
  error.hidden = true;
  const result = await mint(persona.subject, persona.role, persona.name);
  if (!result.ok) {
    error.textContent = result.problem.detail || result.problem.title;
    error.hidden = false;
    return;
  }
  location.assign(homeFor(storeToken(result.data.token)));
}

async function init() {
  const states = await loadStates();
  const wanted = new URLSearchParams(location.search).get('state') || 'WA';
  $('#patient-state').replaceChildren(...states.map(s =>
    h('option', { value: s.code, selected: s.code === wanted, text: `${s.name} (${s.code})` })));
  $('#patient-form').addEventListener('submit', signInPatient);
  $('#personas').replaceChildren(...PERSONAS.map(p =>
    h('button', { type: 'button', class: 'persona', 'data-subject': p.subject, onclick: () => signInStaff(p) },
      h('strong', { text: p.name }),
      h('span', { text: `${p.subject} · ${p.role}` }),
      h('span', { text: p.about }))));
}

init();
