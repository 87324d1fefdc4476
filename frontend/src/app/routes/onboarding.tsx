export function OnboardingRoute() {
  return <p>Onboarding</p>;
}
