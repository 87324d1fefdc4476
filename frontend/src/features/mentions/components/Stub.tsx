export function InboxPage() {
  return <p>InboxPage</p>;
}

