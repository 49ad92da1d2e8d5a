// Type-ahead for the event type: a box above the list narrows it to the types whose name holds
// what was typed. It only enhances: without JavaScript the list is a plain <select>, and with it
// the <select> is still what the form sends.

/** @param {HTMLSelectElement} select */
function enhance(select) {
  const groups = [...select.querySelectorAll('optgroup')].map((group) => ({ label: group.label, options: [...group.querySelectorAll('option')] }));
  const placeholder = select.querySelector(':scope > option[value=""]');
  const wrapper = document.createElement('div');
  wrapper.className = 'app-event-type-finder';
  const label = document.createElement('label');
  label.className = 'govuk-label';
  label.htmlFor = `${select.id}-finder`;
  label.textContent = 'Find an event type by typing part of its name';
  const input = document.createElement('input');
  input.className = 'govuk-input govuk-!-width-two-thirds';
  input.id = `${select.id}-finder`;
  input.type = 'search';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('aria-controls', select.id);
  const status = document.createElement('p');
  status.className = 'govuk-hint govuk-!-margin-top-1';
  status.id = `${select.id}-finder-status`;
  status.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', status.id);
  wrapper.append(label, input, status);
  select.before(wrapper);

  const narrow = () => {
    const term = input.value.trim().toLowerCase();
    const chosen = select.value;
    select.replaceChildren(...(placeholder ? [placeholder] : []));
    let matches = 0;
    for (const group of groups) {
      const options = group.options.filter((option) => !term || option.text.toLowerCase().includes(term) || group.label.toLowerCase().includes(term));
      if (options.length === 0) continue;
      const optgroup = document.createElement('optgroup');
      optgroup.label = group.label;
      optgroup.append(...options);
      select.append(optgroup);
      matches += options.length;
    }
    const stillThere = [...select.options].some((option) => option.value === chosen && chosen !== '');
    if (stillThere) select.value = chosen;
    else if (term && matches > 0) select.value = select.querySelector('optgroup option').value;
    else select.value = '';
    status.textContent = term ? `${matches} event ${matches === 1 ? 'type matches' : 'types match'}${matches > 0 ? `; ${select.selectedOptions[0].text} is chosen` : ''}` : '';
  };
  input.addEventListener('input', narrow);
  // Enter chooses what is shown rather than sending the form half filled in.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    select.focus();
  });
}

export function initEventTypeFinders(root = document) {
  for (const select of root.querySelectorAll('select[data-module="app-event-type-finder"]')) enhance(select);
}
