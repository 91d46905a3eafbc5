// The manager board in a real browser: Debian's Chromium, headless, driven by playwright-core. It signs in as the
// demo team lead through the API's login page, watches an escalation arrive over the subscription, acknowledges and
// resolves it, then opens the GraphQL IDE in the same browser and runs a query. Screenshots go to ARTIFACTS_DIR.
// Prints one line "N passed, N failed" at the end (CI adds it to its own count) and exits 1 when anything failed.
//
// The escalation is made the way production makes one, through the API as the demo tenant's integration client: a
// rule gives a lead with a province of its own to a rep of the team lead's team with a first-response deadline of
// one working minute (the smallest the API takes), and the team gets a calendar that counts every minute of every day,
// so the deadline passes within about a minute at any hour. Nothing here reaches past the public API.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const boardUrl = (process.env.BOARD_URL ?? 'http://localhost:5173').replace(/\/+$/, '');
const apiUrl = (process.env.API_URL ?? 'http://localhost:5080').replace(/\/+$/, '');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.resolve(process.env.ARTIFACTS_DIR ?? 'test-artifacts');
const tenant = process.env.BOARD_TENANT ?? 'demo';
const teamLeadEmail = process.env.BOARD_LOGIN ?? 'teamlead@demo.example.com';
const password = process.env.BOARD_PASSWORD ?? 'HeadlessSales-demo-2026';
const clientId = process.env.HEADLESSSALES_CLIENT_ID ?? 'demo-integration';
const clientSecret = process.env.HEADLESSSALES_CLIENT_SECRET ?? 'demo-integration-secret';
// The deadline (one working minute) plus the durable timer poller and the delivery, with room for a slow machine.
const escalationWaitMs = Number(process.env.ESCALATION_WAIT_MS ?? 180_000);

const results = [];
const screenshots = [];

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok      ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAILED  ${name}: ${error?.stack ?? error}`);
    // What the browser showed when it failed, beside the screenshots of the checks that passed.
    for (const page of context.pages()) {
      const index = context.pages().indexOf(page) + 1;
      console.log(`        page ${index} at ${page.url()}: ${(await page.locator('body').innerText().catch(() => '')).slice(0, 500)}`);
      await screenshot(page, `failed-${results.length}-page-${index}.png`).catch(() => {});
    }
  }
}

/** A check that needs an earlier one fails, naming it, instead of failing on a page that is not there. */
async function checkAfter(needed, name, body) {
  const missing = needed.filter((n) => !results.some((r) => r.name === n && r.ok));
  if (missing.length) {
    results.push({ name, ok: false });
    console.log(`FAILED  ${name}: not run, it needs: ${missing.join('; ')}`);
    return;
  }
  await check(name, body);
}

async function screenshot(page, name) {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(name);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// --- the API, as the demo tenant's integration client -------------------------------------------------------
let integrationToken;
async function api(query, variables = {}) {
  if (!integrationToken) {
    const response = await fetch(`${apiUrl}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    const body = await response.json();
    assert(body.access_token, `no integration token: ${JSON.stringify(body)}`);
    integrationToken = body.access_token;
  }
  const response = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${integrationToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert(!body.errors, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The payload of a mutation, or an error naming its typed errors. */
function payloadOf(data, field) {
  const payload = data[field];
  assert(payload.errors.length === 0, `${field}: ${JSON.stringify(payload.errors)}`);
  return payload;
}

const aroundTheClock = 'Around the clock (manager board browser test)';

/** A calendar of every minute of every day for the team, so that a one-minute deadline passes at any hour. */
async function teamCountsEveryMinute(teamId) {
  const existing = await api(`{ workingCalendars(first: 100) { nodes { id name } } }`);
  let calendarId = existing.workingCalendars.nodes.find((c) => c.name === aroundTheClock)?.id;
  if (!calendarId) {
    const created = await api(`mutation($input: CreateWorkingCalendarInput!) {
      createWorkingCalendar(input: $input) { workingCalendar { id } errors { __typename ... on UserError { code message } } } }`,
    { input: { name: aroundTheClock, timeZone: 'UTC', workdayStart: '00:00:00', workdayEnd: '23:59:59', workingDays: [1, 2, 3, 4, 5, 6, 7] } });
    calendarId = payloadOf(created, 'createWorkingCalendar').workingCalendar.id;
  }
  payloadOf(await api(`mutation($input: UpdateTeamInput!) {
    updateTeam(input: $input) { team { id } errors { __typename ... on UserError { code message } } } }`,
  { input: { id: teamId, calendarId } }), 'updateTeam');
}

/** Creates a lead that a rule of its own gives to a rep of the team with a one-minute first-response deadline. */
async function leadThatWillEscalate(teamId) {
  const reps = await api(`query($teamId: ID!) { members(first: 1, where: { teamIds: [$teamId], roles: [REP], active: true }) { nodes { id name } } }`, { teamId });
  const rep = reps.members.nodes[0];
  assert(rep, 'the team has no active rep');
  const province = `浏览器测试 ${Date.now()}`;
  payloadOf(await api(`mutation($input: CreateAssignmentRuleInput!) {
    createAssignmentRule(input: $input) { assignmentRule { id } errors { __typename ... on UserError { code message } } } }`,
  { input: {
    name: `Manager board browser test ${province}`, position: 0, strategy: 'NAMED_MEMBER', teamId, memberId: rep.id,
    provinces: [province], firstResponseDeadlineMinutes: 1, reassignOnFirstResponseBreach: false,
  } }), 'createAssignmentRule');
  const name = `Board test ${Date.now().toString(36)}`;
  const created = payloadOf(await api(`mutation($input: CreateLeadInput!) {
    createLead(input: $input) { lead { id name owner { id } } errors { __typename ... on UserError { code message } } } }`,
  { input: { name, company: '浏览器测试有限公司', phone: '13800138000', industry: 'NEW_ENERGY', source: 'WEBSITE', province } }), 'createLead');
  assert(created.lead.owner?.id === rep.id, `the lead went to ${JSON.stringify(created.lead.owner)}, not the rule's rep ${rep.id}`);
  return created.lead;
}

// --- the run --------------------------------------------------------------------------------------------------
await mkdir(artifacts, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const board = await context.newPage();
const pageErrors = [];
board.on('pageerror', (error) => pageErrors.push(error.message));

/** Fills the API's login page when the browser is on it. */
async function logInIfAsked(page) {
  if (!new URL(page.url()).pathname.startsWith('/account/login')) return;
  // The password form; the page also offers sign-in through the tenant's own directory, with a tenant field of its own.
  const form = page.locator('form[action="/account/login"]');
  await form.locator('input[name=tenant]').fill(tenant);
  await form.locator('input[name=email]').fill(teamLeadEmail);
  await form.locator('input[name=password]').fill(password);
  await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
}

let teamId;
let lead;
let escalationItem;

const signedIn = 'signs in as the team lead (authorization code + PKCE) and shows the team board, live';
await check(signedIn, async () => {
  await board.goto(boardUrl);
  await board.locator('#sign-in').click();
  await board.waitForURL((url) => url.pathname.startsWith('/account/login'));
  await logInIfAsked(board);
  await board.waitForURL((url) => url.origin === boardUrl && url.pathname === '/');
  await board.locator('#escalations').waitFor();
  await board.locator('#follow-ups').waitFor();
  await board.locator('#health-alerts').waitFor();
  await board.locator('#live[data-state=online]').waitFor();
  assert((await board.locator('#who').textContent()).includes('team lead'), `signed in as ${await board.locator('#who').textContent()}`);
  const members = await api(`query($email: String!) { members(first: 1, where: { search: $email }) { nodes { team { id name } } } }`, { email: teamLeadEmail });
  teamId = members.members.nodes[0].team.id;
  assert((await board.locator('#team').textContent()).includes(members.members.nodes[0].team.name), 'the board shows another team');
  assert((await board.locator('#follow-ups-list > li:not(.empty)').count()) > 0, 'the demo team has follow-ups, the board shows none');
  await screenshot(board, '01-board-signed-in.png');
});

const arrived = 'an escalation raised for the team arrives live, without reloading';
await checkAfter([signedIn], arrived, async () => {
  await teamCountsEveryMinute(teamId);
  lead = await leadThatWillEscalate(teamId);
  const loadedAt = await board.evaluate(() => performance.timeOrigin);
  escalationItem = board.locator('#escalations-list > li', { hasText: lead.name });
  await escalationItem.waitFor({ timeout: escalationWaitMs });
  assert(await board.evaluate(() => performance.timeOrigin) === loadedAt, 'the page was reloaded');
  assert(await escalationItem.getAttribute('data-status') === 'OPEN', 'the new escalation is not OPEN');
  assert(await escalationItem.evaluate((li) => li.classList.contains('fresh')), 'the escalation was not marked as just arrived');
  // One missed deadline, one escalation: its steps say who it reached, so far the team lead only.
  const steps = await escalationItem.locator('ol.steps > li').allTextContents();
  assert(steps.length === 1 && steps[0].startsWith('team lead'), `the escalation's steps read ${JSON.stringify(steps)}`);
  await screenshot(board, '02-escalation-arrived.png');
});

const acted = 'acknowledges and then resolves the escalation from the board';
await checkAfter([arrived], acted, async () => {
  const id = await escalationItem.getAttribute('data-id');
  await escalationItem.locator('button[data-action=acknowledge]').click();
  await board.locator(`#escalations-list > li[data-id="${id}"][data-status=ACKNOWLEDGED]`).waitFor();
  const afterAcknowledge = await api(`query($id: ID!) { node(id: $id) { ... on Escalation { status acknowledgedAt } } }`, { id });
  assert(afterAcknowledge.node.status === 'ACKNOWLEDGED' && afterAcknowledge.node.acknowledgedAt, `the API says ${JSON.stringify(afterAcknowledge.node)}`);
  await screenshot(board, '03-escalation-acknowledged.png');
  await board.locator(`#escalations-list > li[data-id="${id}"] button[data-action=resolve]`).click();
  await board.locator(`#escalations-list > li[data-id="${id}"][data-status=RESOLVED]`).waitFor();
  const afterResolve = await api(`query($id: ID!) { node(id: $id) { ... on Escalation { status resolvedAt } } }`, { id });
  assert(afterResolve.node.status === 'RESOLVED' && afterResolve.node.resolvedAt, `the API says ${JSON.stringify(afterResolve.node)}`);
  assert((await board.locator(`#escalations-list > li[data-id="${id}"] .meta`).textContent()).includes('resolved by'), 'the board does not say who resolved it');
  await screenshot(board, '04-escalation-resolved.png');
  assert(pageErrors.length === 0, `the board threw: ${pageErrors.join('; ')}`);
});

await check('the GraphQL IDE at /graphql signs in and runs a query in the same browser', async () => {
  const ide = await context.newPage();
  await ide.goto(`${apiUrl}/graphql`);
  await ide.locator('.graphiql-container').waitFor();
  await ide.getByRole('button', { name: 'Sign in' }).click();
  await ide.waitForURL((url) => url.pathname.startsWith('/account/login') || url.pathname === '/graphql');
  await logInIfAsked(ide);
  await ide.getByRole('button', { name: 'Sign out' }).waitFor();
  await ide.locator('.graphiql-execute-button').click();
  // The default query asks for the viewer: signed in, the answer names the team lead's role.
  await ide.locator('.graphiql-response', { hasText: 'TEAM_LEAD' }).waitFor();
  await screenshot(ide, '05-graphql-ide-query.png');
});

await browser.close();
console.log(`screenshots in ${artifacts}: ${screenshots.join(', ') || 'none'}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
