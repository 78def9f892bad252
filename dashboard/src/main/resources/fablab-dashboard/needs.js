// What each page or action of the dashboard needs: the name of a gateway permission (an entry of
// Permissions.java, as GET /me lists them for the signed-in role) and the request that permission
// lets through, as "METHOD /api/v1/path" with {placeholders}. The gateway's DashboardNeedsTest makes
// each request as every role and fails unless exactly the roles without the permission are refused,
// so this table cannot drift from what the server enforces. No imports: that test runs this file alone.

const need = (permission, request) => Object.freeze({ permission, request });

export const NEEDS = Object.freeze({
  // the pages of everyday lab work (machines, prices, consumables, one's own statements): all but a board's
  'lab:use': need('USE_LAB', 'GET /api/v1/prices'),
  'members:read': need('READ_MEMBERS', 'GET /api/v1/members'),
  'members:write': need('MANAGE_MEMBERS', 'PATCH /api/v1/members/{id}'),
  'badges:write': need('MANAGE_MEMBERS', 'POST /api/v1/members/{id}/badges'),
  'certifications:grant': need('GRANT_CERTIFICATIONS', 'POST /api/v1/members/{id}/certifications'),
  // granting a training one is not trainer for
  'certifications:grant-any': need('MANAGE_CERTIFICATIONS', 'POST /api/v1/members/{id}/certifications'),
  'certifications:revoke': need('MANAGE_CERTIFICATIONS', 'POST /api/v1/members/{id}/certifications/{cert}/revoke'),
  'sessions:read-all': need('READ_ALL_SESSIONS', 'GET /api/v1/sessions'),
  'trainings:read': need('READ_TRAININGS', 'GET /api/v1/trainings'),
  'trainings:write': need('MANAGE_TRAININGS', 'POST /api/v1/trainings'),
  'reminders:read': need('READ_MEMBERS', 'GET /api/v1/certifications/expiring'),
  'machines:availability': need('MANAGE_MACHINES', 'POST /api/v1/machines/{id}/availability'),
  'nodes:read': need('SET_NODE_MODE', 'GET /api/v1/nodes'),
  // enroll mode, which other node modes do not need
  'nodes:enroll': need('MANAGE_MEMBERS', 'POST /api/v1/nodes/{id}/mode'),
  'nodes:train': need('SET_NODE_MODE', 'POST /api/v1/nodes/{id}/mode'),
  'nodes:command': need('SEND_NODE_COMMANDS', 'POST /api/v1/nodes/{id}/commands'),
  'registry:read': need('READ_REGISTRY', 'GET /api/v1/registry/nodes'),
  // machines and nodes created, changed, retired; node enrollments
  'registry:write': need('MANAGE_REGISTRY', 'POST /api/v1/machines'),
  // partner labs of a network (docs/network.md): read by the staff, added and removed by admins, their trainings
  // mapped to ours by fabmanagers
  'partners:read': need('READ_TRAININGS', 'GET /api/v1/partners'),
  'partners:manage': need('MANAGE_PARTNERS', 'POST /api/v1/partners'),
  'partners:equivalences': need('MANAGE_TRAININGS', 'PUT /api/v1/partners/{id}/equivalences'),
  'audit:read': need('READ_AUDIT', 'GET /api/v1/audit'),
  'security:read': need('READ_SECURITY_EVENTS', 'GET /api/v1/security-events/counts'),
  'billing:write': need('MANAGE_BILLING', 'PUT /api/v1/prices/{kind}'),
  'consumables:record': need('RECORD_CONSUMABLES', 'POST /api/v1/consumable-records/{id}/correction'),
  'ledger:read': need('READ_BILLING', 'GET /api/v1/ledger'),
  'periods:manage': need('MANAGE_BILLING', 'POST /api/v1/periods/{month}/close'),
  'statements:read-all': need('READ_BILLING', 'GET /api/v1/statements'),
  'exports:read': need('EXPORT_BILLING', 'GET /api/v1/exports/charges.csv'),
  'reports:read': need('READ_REPORTS', 'GET /api/v1/reports/impact'),
  'accounts:manage': need('MANAGE_ACCOUNTS', 'GET /api/v1/accounts'),
});
