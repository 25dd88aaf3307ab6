// Admin: users, virtual hosts, permissions and policies, one section each.
import {h} from '../dom.js';
import * as users from './admin/users.js';
import * as vhosts from './admin/vhosts.js';
import * as permissions from './admin/permissions.js';
import * as policies from './admin/policies.js';

export function render(view) {
  const parts = [users, vhosts, permissions, policies].map(p => p.create());
  view.append(h('h1', {}, 'Admin'), ...parts.map(p => p.element));
  return {refresh: () => Promise.all(parts.map(p => p.refresh()))};
}
