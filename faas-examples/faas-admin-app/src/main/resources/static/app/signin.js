// The sign-in page: the token goes to POST /signin once, with the CSRF token of the XSRF-TOKEN
// cookie; the answer sets the session cookie (HttpOnly), and the UI opens where the user was.
import { csrfToken } from './api.js';
import { errorBox } from './ui.js';

const form = document.getElementById('signin-form');
const input = document.getElementById('signin-token');
const errors = document.getElementById('signin-errors');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  errors.replaceChildren();
  const submit = document.getElementById('signin-submit');
  submit.disabled = true;
  try {
    const res = await fetch('/signin', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': csrfToken() },
      body: new URLSearchParams({ token: input.value.trim() }),
    });
    if (res.ok) {
      const back = location.hash ? decodeURIComponent(location.hash.slice(1)) : '';
      location.assign(`/${back.startsWith('#/') ? back : '#/functions'}`);
      return;
    }
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      problem = null;
    }
    errors.append(errorBox({
      title: res.status === 401 ? 'Not signed in' : (problem && problem.title) || `Error ${res.status}`,
      message: (problem && problem.detail) || `HTTP ${res.status}`,
    }));
    errors.focus();
  } catch (err) {
    errors.append(errorBox({ title: 'No answer', message: 'The server did not answer. Is the faas admin app running?' }));
  } finally {
    submit.disabled = false;
  }
});
input.focus();
