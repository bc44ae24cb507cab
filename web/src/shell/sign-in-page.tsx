import { t } from '../i18n/index.js';
import { Page } from './page.js';
import { SignInButton } from './sign-in-button.js';

export const SignInPage = ({ returnTo }: { readonly returnTo: string }) => (
  <Page title={t('signInRequired.title')}>
    <p>{t('signInRequired.body')}</p>
    <SignInButton returnTo={returnTo} />
  </Page>
);
