import type { DemoUser } from '../demo/demo-data';

/**
 * The development identity provider's pages, in the web application's design: its stylesheet
 * (served by the same process in demo mode), its header, no inline style or script.
 */
export function loginPage(uid: string, users: DemoUser[], agencyNames: Record<string, string>, error?: string): string {
  const rows = users
    .map(
      (user) => `
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header" data-label="Name">${escapeHtml(user.name)}</th>
          <td class="govuk-table__cell" data-label="Job title">${escapeHtml(user.jobTitle)}</td>
          <td class="govuk-table__cell" data-label="Agency">${escapeHtml(agencyNames[user.agency] ?? user.agency)}</td>
          <td class="govuk-table__cell" data-label="Role">${escapeHtml(user.role.replace(/-/g, ' '))}</td>
          <td class="govuk-table__cell">
            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-nowrap" name="username" value="${escapeHtml(user.username)}">
              Sign in<span class="govuk-visually-hidden"> as ${escapeHtml(user.name)}</span>
            </button>
          </td>
        </tr>`,
    )
    .join('');
  // Relative to /…/interaction/<uid>, so the form posts to /…/interaction/<uid>/login.
  return page(
    'Sign in',
    `${error ? `<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body"><p class="govuk-body">${escapeHtml(error)}</p></div></div></div>` : ''}
     <h1 class="govuk-heading-l">Sign in</h1>
     <div class="govuk-inset-text">This is Chronicle's development sign-in, for demonstrations and tests: choose a demo user.
       A real deployment signs you in with your organisation's own account.</div>
     <form method="post" action="${encodeURIComponent(uid)}/login">
       <table class="govuk-table app-responsive-table">
         <caption class="govuk-table__caption govuk-table__caption--m">Demo users</caption>
         <thead class="govuk-table__head"><tr class="govuk-table__row">
           <th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Job title</th>
           <th scope="col" class="govuk-table__header">Agency</th><th scope="col" class="govuk-table__header">Role</th>
           <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Sign in</span></th>
         </tr></thead>
         <tbody class="govuk-table__body">${rows}</tbody>
       </table>
     </form>`,
  );
}

export function errorPage(error: string, description: string): string {
  return page('Sign-in error', `<h1 class="govuk-heading-l">Sign-in error</h1><p class="govuk-body">${escapeHtml(error)}: ${escapeHtml(description)}</p>`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8"><title>${escapeHtml(title)} – Chronicle development sign-in</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="robots" content="noindex, nofollow">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/application.css">
</head>
<body class="govuk-template__body">
  <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    <div class="govuk-generic-header"><div class="govuk-generic-header__container govuk-width-container">
      <div class="govuk-generic-header__logo"><span class="govuk-generic-header__homepage-link">Chronicle</span></div>
    </div></div>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">${body}</main>
  </div>
</body>
</html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
