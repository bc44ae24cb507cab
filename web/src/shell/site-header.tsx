import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, signInUrl, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useSession } from './session.js';
import { useAnnounce } from './status.js';

const SignOutButton = () => {
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const signOut = async () => {
    setBusy(true);
    try {
      const { redirectTo } = await api.logout();
      // A full page load: the server may end the session at the identity provider too.
      window.location.href = redirectTo;
    } catch (error) {
      announce(toApiError(error).problem.detail);
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button--inverse" onClick={() => void signOut()} disabled={busy}>
      {busy ? t('session.signingOut') : t('session.signOut')}
    </button>
  );
};

export const SiteHeader = () => {
  const { session } = useSession();
  const location = useLocation();
  return (
    <header className="site-header">
      <div className="site-header__inner container">
        <div className="site-header__brand">
          <Link to="/" className="site-header__name">
            {t('app.name')}
          </Link>
          <span className="site-header__tagline">{t('app.tagline')}</span>
        </div>
        <div className="site-header__account" aria-label={t('session.userMenu')} role="group">
          {session.state === 'signed-in' && (
            <>
              <span className="site-header__user">
                {t('session.signedInAs', { name: session.user.displayName })}
              </span>
              <SignOutButton />
            </>
          )}
          {session.state === 'anonymous' && (
            // A plain link, not a router link: signing in leaves the app for the identity provider.
            <a className="site-header__sign-in" href={signInUrl(location.pathname + location.search)}>
              {t('session.signIn')}
            </a>
          )}
        </div>
      </div>
    </header>
  );
};
