import { signInUrl } from '../api.js';
import { t } from '../i18n/index.js';

/** Leaves the app for the identity provider, which brings the user back to `returnTo` signed in. */
export const SignInButton = ({ returnTo }: { readonly returnTo: string }) => (
  <button
    type="button"
    className="button button--start"
    onClick={() => {
      window.location.assign(signInUrl(returnTo));
    }}
  >
    {t('session.signIn')}
  </button>
);
