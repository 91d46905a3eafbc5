import type { Client } from '@urql/core';
import { pipe, subscribe } from 'wonka';
import { completeSignIn, savedToken, signIn, signOut } from './auth';
import { createBoardClient } from './client';
import {
  acknowledgeMutation, boardQuery, escalationRaisedSubscription, followUpLoggedSubscription,
  healthAlertChangedSubscription, resolveMutation, viewerQuery,
  type BoardData, type EscalationActionData, type EscalationItem, type FollowUpItem, type HealthAlertItem, type ViewerData,
} from './operations';

const app = document.querySelector<HTMLElement>('#app')!;
const who = document.querySelector<HTMLElement>('#who')!;
const live = document.querySelector<HTMLElement>('#live')!;

/** Makes an element; text is always set as text, never parsed as HTML (names and summaries come from users). */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: (Node | string)[]) {
  const { dataset, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  Object.assign(node.dataset, dataset ?? {});
  node.append(...children);
  return node;
}

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

function showError(message: string) {
  app.replaceChildren(element('section', {}, element('p', { className: 'error', role: 'alert' }, message), element('button', { id: 'sign-in', textContent: 'Sign in again', onclick: () => { signOut(); void signIn(); } })));
}

function setLive(online: boolean) {
  live.dataset.state = online ? 'online' : 'offline';
  live.textContent = online ? 'live' : 'offline';
}

/** A list section whose items are keyed by id, so that a live message replaces the item it is about. */
function listSection<T extends { id: string }>(id: string, title: string, empty: string, render: (item: T) => HTMLElement) {
  const list = element('ul', { id: `${id}-list` });
  const section = element('section', { id }, element('h2', { textContent: title }), list);
  const refresh = () => {
    if (list.children.length === 0) list.append(element('li', { className: 'empty', textContent: empty }));
    else if (list.children.length > 1) list.querySelector(':scope > .empty')?.remove();
  };
  return {
    section,
    set(items: T[]) { list.replaceChildren(...items.map(render)); refresh(); },
    upsert(item: T, fresh: boolean) {
      const node = render(item);
      if (fresh) node.classList.add('fresh');
      const existing = list.querySelector(`:scope > [data-id="${CSS.escape(item.id)}"]`);
      if (existing) existing.replaceWith(node); else list.prepend(node);
      refresh();
    },
    remove(itemId: string) { list.querySelector(`:scope > [data-id="${CSS.escape(itemId)}"]`)?.remove(); refresh(); },
  };
}

function renderBoard(client: Client, teamId: string, teamName: string, data: BoardData) {
  const escalations = listSection<EscalationItem>('escalations', 'Escalations', 'Nothing escalated.', (e) => {
    const act = async (field: 'acknowledgeEscalation' | 'resolveEscalation') => {
      const result = await client.mutation<EscalationActionData>(field === 'acknowledgeEscalation' ? acknowledgeMutation : resolveMutation, { id: e.id }).toPromise();
      const payload = result.data?.[field];
      const problem = result.error?.message ?? payload?.errors.map((x) => `${x.code}: ${x.message}`).join('; ');
      if (problem) item.append(element('p', { className: 'error', role: 'alert', textContent: problem }));
      else if (payload?.escalation) escalations.upsert(payload.escalation, false);
    };
    const item = element('li', { dataset: { id: e.id, status: e.status } },
      element('span', { className: 'status', dataset: { status: e.status }, textContent: e.status }), ' ',
      element('strong', { textContent: e.lead ? `${e.lead.name}${e.lead.company ? ` · ${e.lead.company}` : ''}` : 'a lead out of view' }),
      element('div', { className: 'meta', textContent: `${e.reason.replaceAll('_', ' ').toLowerCase()} · owner ${e.lead?.owner?.name ?? '—'} · raised ${time(e.raisedAt)}${e.acknowledgedAt ? ` · acknowledged by ${e.acknowledgedBy?.name ?? '—'} ${time(e.acknowledgedAt)}` : ''}${e.resolvedAt ? ` · resolved by ${e.resolvedBy?.name ?? '—'} ${time(e.resolvedAt)}` : ''}` }),
      // Who the escalation reached, step by step: it climbs the chain while nobody acknowledges it.
      element('ol', { className: 'steps' }, ...e.steps.map((s) => element('li', { dataset: { step: String(s.step) }, textContent: `${s.level.replaceAll('_', ' ').toLowerCase()}: ${s.target?.name ?? 'the role'} · ${time(s.reachedAt)}` }))),
      element('div', {},
        ...(e.status === 'OPEN' ? [element('button', { textContent: 'Acknowledge', dataset: { action: 'acknowledge' }, onclick: () => void act('acknowledgeEscalation') })] : []),
        ...(e.status !== 'RESOLVED' ? [element('button', { textContent: 'Resolve', dataset: { action: 'resolve' }, onclick: () => void act('resolveEscalation') })] : [])));
    return item;
  });
  const followUps = listSection<FollowUpItem>('follow-ups', 'Follow-ups', 'No follow-up yet.', (f) =>
    element('li', { dataset: { id: f.id } },
      element('strong', { textContent: `${f.member.name} · ${f.kind.toLowerCase()}` }),
      element('div', { textContent: f.summary }),
      element('div', { className: 'meta', textContent: `${time(f.occurredAt)}${f.tagCodes.length ? ` · ${f.tagCodes.join(', ')}` : ''}` })));
  const alerts = listSection<HealthAlertItem>('health-alerts', 'Health alerts', 'No open alert.', (a) =>
    element('li', { dataset: { id: a.id } },
      element('span', { className: 'status', textContent: a.status }), ' ',
      element('strong', { textContent: a.metric.replaceAll('_', ' ').toLowerCase() }),
      element('div', { className: 'meta', textContent: `${a.member?.name ?? a.team?.name ?? a.scopeKind.toLowerCase()} · ${(a.value * 100).toFixed(0)} % of ${(a.threshold * 100).toFixed(0)} % · ${time(a.raisedAt)}` })));

  escalations.set(data.escalations.nodes);
  followUps.set(data.managerBoard?.recentFollowUps.nodes ?? []);
  alerts.set(data.healthAlerts.nodes);
  app.replaceChildren(element('p', { id: 'team', textContent: `Team ${teamName}` }), escalations.section, followUps.section, alerts.section);

  const listen = <T>(query: typeof boardQuery, onData: (data: T) => void) =>
    pipe(client.subscription<T>(query, { teamId }), subscribe((result) => {
      if (result.data) onData(result.data);
      else if (result.error) app.prepend(element('p', { className: 'error', role: 'alert', textContent: result.error.message }));
    }));
  listen<{ onEscalationRaised: { escalation: EscalationItem | null } }>(escalationRaisedSubscription, (d) => {
    if (d.onEscalationRaised.escalation) escalations.upsert(d.onEscalationRaised.escalation, true);
  });
  listen<{ onFollowUpLogged: { activity: FollowUpItem | null } }>(followUpLoggedSubscription, (d) => {
    if (d.onFollowUpLogged.activity) followUps.upsert(d.onFollowUpLogged.activity, true);
  });
  listen<{ onHealthAlertChanged: { alertId: string; change: string; alert: HealthAlertItem | null } }>(healthAlertChangedSubscription, (d) => {
    const event = d.onHealthAlertChanged;
    if (event.change === 'RESOLVED') alerts.remove(event.alertId);
    else if (event.alert) alerts.upsert(event.alert, true);
  });
}

async function start() {
  const token = (await completeSignIn()) ?? savedToken();
  if (!token) {
    app.replaceChildren(element('section', {}, element('p', { textContent: 'Sign in as a team lead to see your team’s board.' }),
      element('button', { id: 'sign-in', textContent: 'Sign in', onclick: () => void signIn() })));
    return;
  }

  const client = createBoardClient(token, setLive);
  const viewer = await client.query<ViewerData>(viewerQuery, {}).toPromise();
  const member = viewer.data?.viewer?.member;
  if (viewer.error || !member) {
    showError(viewer.error?.message ?? 'This sign-in is not a member of the tenant.');
    return;
  }
  who.textContent = `${member.name} (${member.role.replaceAll('_', ' ').toLowerCase()})`;
  if (!member.team) {
    showError('The board shows a team: sign in as a member of one (the demo team lead is teamlead@demo.example.com).');
    return;
  }

  const board = await client.query<BoardData>(boardQuery, { teamId: member.team.id }).toPromise();
  if (board.error || !board.data) {
    showError(board.error?.message ?? 'The board could not be read.');
    return;
  }
  renderBoard(client, member.team.id, member.team.name, board.data);
}

start().catch((error: unknown) => showError(error instanceof Error ? error.message : String(error)));
