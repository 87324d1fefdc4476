export const onboardingI18n = { en: {}, fr: {} };
