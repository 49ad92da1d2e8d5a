// Loaded as a module from this origin (the Content-Security-Policy allows no inline script): marks
// the page as scripted, as govuk-frontend's own template would, then starts its components.
import { initAll } from '/assets/govuk-frontend.min.js';
import { initEventTypeFinders } from '/assets/event-type-finder.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
initEventTypeFinders();
