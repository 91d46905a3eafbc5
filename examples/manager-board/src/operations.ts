import { gql } from '@urql/core';

export interface Named { id: string; name: string }

export interface EscalationItem {
  id: string;
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  level: string;
  reason: string;
  step: number;
  raisedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  note: string | null;
  target: Named | null;
  steps: { step: number; level: string; reachedAt: string; target: Named | null }[];
  acknowledgedBy: Named | null;
  resolvedBy: Named | null;
  lead: { id: string; name: string; company: string | null; owner: Named | null } | null;
}

export interface FollowUpItem {
  id: string;
  kind: string;
  occurredAt: string;
  summary: string;
  tagCodes: string[];
  member: Named;
}

export interface HealthAlertItem {
  id: string;
  metric: string;
  status: string;
  open: boolean;
  value: number;
  threshold: number;
  raisedAt: string;
  scopeKind: string;
  member: Named | null;
  team: Named | null;
}

export interface UserErrorItem { __typename: string; code: string; message: string }

const escalationFields = gql`
  fragment BoardEscalation on Escalation {
    id status level reason step raisedAt acknowledgedAt resolvedAt note
    target { id name }
    steps { step level reachedAt target { id name } }
    acknowledgedBy { id name }
    resolvedBy { id name }
    lead { id name company owner { id name } }
  }
`;

const followUpFields = gql`
  fragment BoardFollowUp on Activity {
    id kind occurredAt summary tagCodes
    member { id name }
  }
`;

const healthAlertFields = gql`
  fragment BoardHealthAlert on HealthAlert {
    id metric status open value threshold raisedAt scopeKind
    member { id name }
    team { id name }
  }
`;

export const viewerQuery = gql`
  query BoardViewer {
    viewer { member { id name role team { id name } } }
  }
`;

export interface ViewerData {
  viewer: { member: { id: string; name: string; role: string; team: Named | null } | null } | null;
}

export const boardQuery = gql`
  query Board($teamId: ID!) {
    escalations(first: 50, where: { statuses: [OPEN, ACKNOWLEDGED] }, order: { field: RAISED_AT, direction: DESC }) {
      nodes { ...BoardEscalation }
    }
    managerBoard(teamId: $teamId) {
      recentFollowUps(first: 15) { nodes { ...BoardFollowUp } }
    }
    healthAlerts(first: 15, where: { open: true, teamIds: [$teamId] }, order: { field: RAISED_AT, direction: DESC }) {
      nodes { ...BoardHealthAlert }
    }
  }
  ${escalationFields}
  ${followUpFields}
  ${healthAlertFields}
`;

export interface BoardData {
  escalations: { nodes: EscalationItem[] };
  managerBoard: { recentFollowUps: { nodes: FollowUpItem[] } } | null;
  healthAlerts: { nodes: HealthAlertItem[] };
}

export const escalationRaisedSubscription = gql`
  subscription BoardEscalationRaised($teamId: ID!) {
    onEscalationRaised(teamId: $teamId) { escalationId escalation { ...BoardEscalation } }
  }
  ${escalationFields}
`;

export const followUpLoggedSubscription = gql`
  subscription BoardFollowUpLogged($teamId: ID!) {
    onFollowUpLogged(teamId: $teamId) { activityId activity { ...BoardFollowUp } }
  }
  ${followUpFields}
`;

export const healthAlertChangedSubscription = gql`
  subscription BoardHealthAlertChanged($teamId: ID!) {
    onHealthAlertChanged(teamId: $teamId) { alertId change alert { ...BoardHealthAlert } }
  }
  ${healthAlertFields}
`;

export const acknowledgeMutation = gql`
  mutation BoardAcknowledge($id: ID!, $note: String) {
    acknowledgeEscalation(input: { id: $id, note: $note }) {
      escalation { ...BoardEscalation }
      errors { __typename ... on UserError { code message } }
    }
  }
  ${escalationFields}
`;

export const resolveMutation = gql`
  mutation BoardResolve($id: ID!, $note: String) {
    resolveEscalation(input: { id: $id, note: $note }) {
      escalation { ...BoardEscalation }
      errors { __typename ... on UserError { code message } }
    }
  }
  ${escalationFields}
`;

export interface EscalationActionData {
  [field: string]: { escalation: EscalationItem | null; errors: UserErrorItem[] };
}
