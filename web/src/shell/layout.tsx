import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { t } from '../i18n/index.js';
import { Spinner } from '../ui/spinner.js';
import { useSession } from './session.js';
import { SiteHeader } from './site-header.js';
import { SiteNav } from './site-nav.js';
import { StatusRegion, useClearStatus } from './status.js';

// A single-page app does not move focus when the page changes, so a keyboard or screen reader user would be
// left on the link they followed; put them at the new page's heading instead (not on the first load, where
// the skip link must stay the first stop).
const useFocusHeadingOnNavigation = () => {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  const clearStatus = useClearStatus();
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    clearStatus();
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname, clearStatus]);
};

const SessionGate = ({ children }: { readonly children: ReactNode }) => {
  const { session, reload } = useSession();
  switch (session.state) {
    case 'loading':
      return <Spinner label={t('session.loading')} />;
    case 'unavailable':
      return (
        <div className="notice notice--error">
          <p>{t('session.unavailable')}</p>
          <button type="button" className="button" onClick={reload}>
            {t('session.retry')}
          </button>
        </div>
      );
    case 'anonymous':
    case 'signed-in':
      return children;
  }
};

export const Layout = ({ children }: { readonly children: ReactNode }) => {
  useFocusHeadingOnNavigation();
  return (
    <>
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <SiteHeader />
      <SiteNav />
      <main id="main" className="container main" tabIndex={-1}>
        <StatusRegion />
        <SessionGate>{children}</SessionGate>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.footer')}</p>
          <p>{t('app.licence')}</p>
        </div>
      </footer>
    </>
  );
};
