export function OrganizationPage() {
  return <p>OrganizationPage</p>;
}

export function MembersPage() {
  return <p>MembersPage</p>;
}

export function ApiKeysPage() {
  return <p>ApiKeysPage</p>;
}

